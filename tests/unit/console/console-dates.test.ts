/**
 * The console's one date rule (console-i18n.ts): the year only for a day outside the current
 * school year (1 September → 31 August) — « Rendu le 7 déc. à 14:05 », not « 7 déc. 2026 ».
 * Local-time dates, so the test reads the same in any time zone; no-break spaces, so a date never splits.
 */
import { describe, expect, test } from 'vitest';
import { formatDate, formatWhen, schoolYearOf, timeHereIfOther } from '../../../src/ui/console/console-i18n.ts';

const at = (y: number, m: number, d: number, h = 14, min = 5) => new Date(y, m - 1, d, h, min);
const iso = (date: Date) => date.toISOString();

describe('console dates', () => {
  test('a server hour is also given on this computer’s clock when the two differ (the server keeps another time zone)', () => {
    expect(timeHereIfOther(iso(at(2026, 12, 8, 3, 0)), 2, 'fr')).toBe('03:00');
    expect(timeHereIfOther(iso(at(2026, 12, 8, 7, 30)), 2, 'en')).toBe('07:30');
    expect(timeHereIfOther(iso(at(2026, 12, 8, 2, 0)), 2, 'fr')).toBeNull();
    expect(timeHereIfOther(null, 2, 'fr')).toBeNull();
  });

  test('the school year starts on 1 September', () => {
    expect(schoolYearOf(at(2026, 9, 1, 0, 0))).toBe(2026);
    expect(schoolYearOf(at(2026, 8, 31, 23, 59))).toBe(2025);
    expect(schoolYearOf(at(2027, 6, 30))).toBe(2026);
  });

  test('a day of the current school year has no year, even across 1 January', () => {
    const now = at(2027, 1, 15, 9, 0);
    expect(formatDate(iso(at(2026, 12, 7)), 'fr', now)).toBe('7\u00a0déc.\u00a0à\u00a014:05');
    expect(formatDate(iso(at(2026, 9, 3, 8, 30)), 'fr', now)).toBe('3\u00a0sept.\u00a0à\u00a008:30');
    expect(formatDate(iso(at(2027, 6, 30, 17, 0)), 'fr', now)).toBe('30\u00a0juin\u00a0à\u00a017:00'); // a due date later this school year
    expect(formatDate(iso(at(2026, 12, 7)), 'en', now)).toBe('7\u00a0Dec,\u00a014:05');
  });

  test('a day of another school year says its year', () => {
    const now = at(2026, 9, 2, 9, 0);
    expect(formatDate(iso(at(2026, 6, 30)), 'fr', now)).toBe('30\u00a0juin\u00a02026\u00a0à\u00a014:05'); // last school year, same calendar year
    expect(formatDate(iso(at(2027, 9, 10)), 'fr', now)).toBe('10\u00a0sept.\u00a02027\u00a0à\u00a014:05'); // an enrolment code valid a year
    expect(formatDate(iso(at(2025, 12, 7)), 'en', now)).toBe('7\u00a0Dec\u00a02025,\u00a014:05');
  });

  test('today reads as a time alone in the tables; other days as the date', () => {
    const now = at(2027, 1, 15, 16, 0);
    expect(formatWhen(iso(at(2027, 1, 15, 10, 42)), 'fr', now)).toBe('10:42');
    expect(formatWhen(iso(at(2027, 1, 14, 10, 42)), 'fr', now)).toBe('14\u00a0janv.\u00a0à\u00a010:42');
  });

  test('nothing for no date or an unreadable one', () => {
    expect(formatDate(null, 'fr')).toBe('');
    expect(formatDate('not a date', 'fr')).toBe('');
  });
});
