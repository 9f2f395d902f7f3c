/** The tiny i18n: interpolation, fr/en catalogues with the same keys, fr-FR dates/numbers/sizes. */
import { afterEach, describe, expect, test } from 'vitest';
import { fr } from '../../../src/i18n/messages-fr.ts';
import { frWork } from '../../../src/i18n/messages-fr-work.ts';
import { frSync } from '../../../src/i18n/messages-fr-sync.ts';
import '../../../src/i18n/sync-messages.ts';
import { frRefused } from '../../../src/i18n/messages-fr-refused.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { en } from '../../../src/i18n/messages-en.ts';
import { formatBytes, formatDate, formatDateTime, formatNumber, getLang, interpolate, setLang, subscribeLang, t } from '../../../src/i18n/i18n.ts';

afterEach(async () => {
  await setLang('fr', false);
});

describe('catalogues', () => {
  test('English has exactly the French keys (shell and work screens, each key in one of them), none empty, same placeholders', () => {
    const french = { ...fr, ...frWork, ...frRefused, ...frSync };
    expect(Object.keys(fr).filter((k) => k in frWork || k in frRefused || k in frSync)).toEqual([]);
    expect(Object.keys(en).sort()).toEqual(Object.keys(french).sort());
    for (const [k, v] of Object.entries(french)) {
      const enText = en[k as keyof typeof en];
      expect(v.trim(), k).not.toBe('');
      expect(enText.trim(), k).not.toBe('');
      const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(ph(enText), k).toEqual(ph(v));
    }
  });
});

describe('t()', () => {
  test('French by default, with interpolation; numbers formatted for the locale', () => {
    expect(getLang()).toBe('fr');
    expect(t('signin.secretTitle', { name: 'Inès' })).toBe('Bonjour Inès ! Tape ton code secret.');
    expect(t('sync.manyToSend', { count: 1234 })).toBe(`${formatNumber(1234)} devoirs à envoyer`);
    expect(formatNumber(1234)).toBe('1\u202f234');
  });

  test('a missing parameter stays visible rather than vanishing', () => {
    expect(interpolate('Bonjour {name} {other}', { name: 'Noah' })).toBe('Bonjour Noah {other}');
  });

  test('switching to English loads the catalogue and tells subscribers', async () => {
    const seen: string[] = [];
    const off = subscribeLang((l) => seen.push(l));
    await setLang('en', false);
    off();
    expect(seen).toEqual(['en']);
    expect(t('assignment.submit')).toBe('Hand in');
    expect(t('signin.secretTitle', { name: 'Léa' })).toBe('Hello Léa! Type your secret code.');
  });
});

describe('formats', () => {
  test('fr-FR dates and sizes', () => {
    expect(formatDate('2026-03-02T12:00:00Z')).toBe('lundi 2 mars');
    expect(formatBytes(999)).toBe('999\u00a0o');
    expect(formatBytes(1_500_000)).toBe('1,5\u00a0Mo');
  });

  test('English sizes and dates', async () => {
    await setLang('en', false);
    expect(formatBytes(1_500_000)).toBe('1.5\u00a0MB');
    expect(formatDate('2026-03-02T12:00:00Z')).toBe('Monday 2 March');
  });

  test('an invalid date formats to nothing rather than "Invalid Date"', () => {
    expect(formatDate('not a date')).toBe('');
    expect(formatDateTime('not a date')).toBe('');
  });

  test('a moment with its day reads as the console says it; the time alone today when asked', async () => {
    const at = new Date(2026, 11, 7, 10, 25); // local time: the same in any time zone
    expect(formatDateTime(at)).toBe('7\u00a0déc.\u00a0à\u00a010:25');
    expect(formatDateTime(at, { todayAsTime: true, now: new Date(2026, 11, 7, 18, 0) })).toBe('10:25');
    expect(formatDateTime(at, { todayAsTime: true, now: new Date(2026, 11, 8, 8, 0) })).toBe('7\u00a0déc.\u00a0à\u00a010:25');
    await setLang('en', false);
    expect(formatDateTime(at)).toBe('7\u00a0Dec,\u00a010:25');
  });
});

describe('the work screens carry their French words', () => {
  test('every student module that uses a work-screen key imports work-messages.ts', () => {
    const workKeys = Object.keys(frWork);
    const files = readdirSync('src/ui', { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && !f.startsWith('console'))
      .map((f) => join('src/ui', f));
    const missing = files.filter((f) => {
      const code = readFileSync(f, 'utf8');
      const uses = workKeys.some((k) => code.includes(`'${k}'`)) || /t\(`(save|home|status|photo|audio|assignment|feedback|lesson|withdrawn)\./.test(code);
      return uses && !code.includes('i18n/work-messages.ts');
    });
    expect(missing).toEqual([]);
  });
  test('every module that uses a sync-line key imports sync-messages.ts', () => {
    const keys = Object.keys(frSync);
    const files = readdirSync('src/ui', { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !f.startsWith('console')).map((f) => join('src/ui', f));
    const missing = files.filter((f) => {
      const code = readFileSync(f, 'utf8');
      const uses = keys.some((k) => code.includes(`'${k}'`)) || /t\(`sync(Error)?\./.test(code);
      return uses && !code.includes('i18n/sync-messages.ts');
    });
    expect(missing).toEqual([]);
  });
  test('every module that uses a refused-tablet key imports refused-messages.ts', () => {
    const keys = Object.keys(frRefused);
    const files = readdirSync('src/ui', { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f)).map((f) => join('src/ui', f));
    const missing = files.filter((f) => {
      const code = readFileSync(f, 'utf8');
      return keys.some((k) => code.includes(`'${k}'`)) && !code.includes('i18n/refused-messages.ts');
    });
    expect(missing).toEqual([]);
  });
});
