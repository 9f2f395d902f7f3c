/** The tiny i18n: interpolation, fr/en catalogues with the same keys, fr-FR dates/numbers/sizes. */
import { afterEach, describe, expect, test } from 'vitest';
import { fr } from '../../../src/i18n/messages-fr.ts';
import { en } from '../../../src/i18n/messages-en.ts';
import { formatBytes, formatDate, formatNumber, getLang, interpolate, setLang, subscribeLang, t } from '../../../src/i18n/i18n.ts';

afterEach(async () => {
  await setLang('fr', false);
});

describe('catalogues', () => {
  test('English has exactly the French keys, none empty, same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const [k, v] of Object.entries(fr)) {
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
    expect(t('signin.secretTitle', { name: 'Inès' })).toBe('Bonjour Inès ! Tape ton code secret.');
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
  });
});
