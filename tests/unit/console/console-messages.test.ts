import { describe, expect, it } from 'vitest';
import { consoleFr } from '../../../src/i18n/console-fr.ts';
import { consoleEn } from '../../../src/i18n/console-en.ts';
import { formatMessage, makeTranslate } from '../../../src/ui/console/console-i18n.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('console messages', () => {
  it('English has exactly the French keys, with the same placeholders', () => {
    expect(Object.keys(consoleEn).sort()).toEqual(Object.keys(consoleFr).sort());
    for (const [k, fr] of Object.entries(consoleFr)) {
      expect(placeholders(consoleEn[k as keyof typeof consoleFr]), k).toEqual(placeholders(fr));
    }
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('{a} et {b}', { a: 1 })).toBe('1 et {b}');
    expect(makeTranslate('fr')('follow.chartSummary', { submitted: 3, total: 25 })).toBe('3 copies rendues sur 25 élèves.');
    expect(makeTranslate('en')('follow.chartSummary', { submitted: 3, total: 25 })).toBe('3 of 25 students handed in.');
  });
});
