/**
 * The server's error codes (src/protocol/error-codes.ts) against the catalogues that show
 * them: the console can meet every code, the tablet the codes it can receive
 * (TABLET_ERROR_CODES); each needs French and English text, and uses only params the server sends.
 * And the words never are the server's sentence, the code, or a bare `{placeholder}`.
 */
import { describe, expect, test } from 'vitest';
import { ERROR_CODES } from '../../../src/protocol/error-codes.ts';
import { serverErrorsFr } from '../../../src/i18n/server-errors-fr.ts';
import { serverErrorsEn } from '../../../src/i18n/server-errors-en.ts';
import { fr as frFirstScreen } from '../../../src/i18n/messages-fr.ts';
import { frWork } from '../../../src/i18n/messages-fr-work.ts';
import { frRefused } from '../../../src/i18n/messages-fr-refused.ts';
import { en } from '../../../src/i18n/messages-en.ts';
import { TABLET_ERROR_CODES, TABLET_ERROR_PREFIX } from '../../../src/i18n/tablet-error-codes.ts';
// The tablet's French as it stands once its screens are loaded: the first screen's words and
// those travelling with the work and refused screens (push refusals are shown on the work screens).
const fr: Record<string, string> = { ...frFirstScreen, ...frWork, ...frRefused };
import { placeholdersOf } from '../../../src/i18n/format-message.ts';
import { serverErrorText, setLang, t } from '../../../src/i18n/i18n.ts';
import { makeTranslateCode, makeTranslateError } from '../../../src/ui/console/console-i18n.ts';
import { ApiError } from '../../../src/ui/console/console-api.ts';

const text = (catalogue: Record<string, string>, key: string) => (Object.hasOwn(catalogue, key) ? catalogue[key]!.trim() : '');

describe('every server error code has words where it can be shown', () => {
  test.each(ERROR_CODES)('%s: console French and English; French fills only params the English (the server’s log text) names', (code) => {
    const f = text(serverErrorsFr, code);
    const e = text(serverErrorsEn, code);
    expect(f, `console fr for ${code}`).not.toBe('');
    expect(e, `console en for ${code}`).not.toBe('');
    for (const p of placeholdersOf(f)) expect(placeholdersOf(e), `${code} uses {${p}}`).toContain(p);
  });

  test.each(TABLET_ERROR_CODES)('%s: tablet French and English, same placeholders, only params the server sends', (code) => {
    const key = TABLET_ERROR_PREFIX + code;
    const f = text(fr, key);
    const e = text(en, key);
    expect(f, `tablet fr for ${code}`).not.toBe('');
    expect(e, `tablet en for ${code}`).not.toBe('');
    expect(placeholdersOf(e)).toEqual(placeholdersOf(f));
    for (const p of placeholdersOf(f)) expect(placeholdersOf(serverErrorsFr[code]), `${code} uses {${p}}`).toContain(p);
  });

  test('the tablet list holds only real codes, once each', () => {
    const known = new Set<string>(ERROR_CODES);
    expect(TABLET_ERROR_CODES.filter((c) => !known.has(c))).toEqual([]);
    expect(new Set(TABLET_ERROR_CODES).size).toBe(TABLET_ERROR_CODES.length);
  });
});

describe('the tablet words a code, never the server', () => {
  test('a known code with its params', async () => {
    await setLang('fr', false);
    expect(serverErrorText('account_locked', { minutes: 5 })).toBe('Trop d’essais : attends 5 min avant de réessayer, ou demande à ton professeur.');
    await setLang('en', false);
    expect(serverErrorText('account_locked', { minutes: 5 })).toBe('Too many tries: wait 5 min before trying again, or ask your teacher.');
    await setLang('fr', false);
  });

  test('an unknown code, no code, a missing param, a non-code: the calm generic sentence, no code or number shown', () => {
    const calm = t('serverError.unknown');
    for (const [code, params] of [['brand_new_code_2031', null], [null, null], [undefined, null], ['account_locked', null], ['constructor', null], ['Ce devoir est retiré.', null]] as const) {
      const words = serverErrorText(code, params);
      expect(words, String(code)).toBe(calm);
      expect(words).not.toMatch(/_|\{|\d/);
    }
    expect(serverErrorText('nope', null, 'signin.failed')).toBe(t('signin.failed'));
  });
});

describe('the console words a code, never the server', () => {
  test('an ApiError by its code and params; its English message never shows', () => {
    const te = makeTranslateError('fr');
    const err = new ApiError(423, 'account_locked', 'Too many wrong attempts. Try again in 5 minute(s).', { minutes: 5 });
    expect(te(err)).toBe('Trop d’essais manqués : réessayez dans 5 min.');
    expect(te(new ApiError(409, 'a_code_from_the_future', 'Some English sentence'))).not.toMatch(/English|a_code/);
    expect(te(new ApiError(502, 'http_502', 'Bad Gateway'))).toMatch(/ne répond pas/);
    expect(te(new TypeError('Failed to fetch'))).toMatch(/ne répond pas/);
  });

  test('roster rows and form problems: code + params', () => {
    expect(makeTranslateCode('en')('roster_duplicate_in_file', { line: 4 })).toBe(serverErrorsEn.roster_duplicate_in_file.replace('{line}', '4'));
    expect(makeTranslateCode('fr')(undefined)).toBe(makeTranslateCode('fr')('nope'));
  });
});
