/** The update window (when a tablet may apply an update) and the order of versions (the minimum supported version): table tests. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_UPDATE_WINDOW, isUpdateAllowed, parseClockTime, updateWindowProblem } from '../../../src/protocol/update-window.ts';
import { compareVersions, isVersion } from '../../../src/protocol/version-order.ts';

describe('isUpdateAllowed (default: lessons 8:00–17:00, Monday to Friday, Europe/Paris)', () => {
  it.each([
    // Tuesday 1 December 2026 (winter: UTC+1)
    ['2026-12-01T06:59:00Z', true, 'Tuesday 7:59 in Paris: before lessons'],
    ['2026-12-01T07:00:00Z', false, 'Tuesday 8:00: lessons start'],
    ['2026-12-01T12:30:00Z', false, 'Tuesday 13:30: lessons'],
    ['2026-12-01T15:59:00Z', false, 'Tuesday 16:59: still lessons'],
    ['2026-12-01T16:00:00Z', true, 'Tuesday 17:00: lessons are over'],
    ['2026-12-05T10:00:00Z', true, 'Saturday: no lessons'],
    ['2026-12-06T10:00:00Z', true, 'Sunday'],
    // Summer (UTC+2): 6:30 UTC is 8:30 in Paris
    ['2026-06-02T06:30:00Z', false, 'a June Tuesday 8:30'],
    ['2026-06-02T05:30:00Z', true, 'a June Tuesday 7:30'],
    // Sunday 23:30 UTC is Monday 0:30 in Paris: the night before lessons
    ['2026-11-29T23:30:00Z', true, 'Monday 0:30 in Paris'],
  ])('%s → %s (%s)', (at, allowed) => {
    expect(isUpdateAllowed(DEFAULT_UPDATE_WINDOW, new Date(at))).toBe(allowed);
  });

  it('honours another school’s hours, days and time zone', () => {
    const reunion = { lessonsFrom: '07:30', lessonsUntil: '15:30', schoolDays: [1, 2, 4, 5], timeZone: 'Indian/Reunion' }; // UTC+4, no Wednesday
    expect(isUpdateAllowed(reunion, new Date('2026-12-01T04:00:00Z'))).toBe(false); // Tuesday 8:00 there
    expect(isUpdateAllowed(reunion, new Date('2026-12-01T12:00:00Z'))).toBe(true); // Tuesday 16:00 there
    expect(isUpdateAllowed(reunion, new Date('2026-12-02T06:00:00Z'))).toBe(true); // Wednesday: not a school day here
  });

  it('any hour in the school holidays, first and last day included, on the school’s calendar', () => {
    const w = { ...DEFAULT_UPDATE_WINDOW, holidays: [{ from: '2026-12-19', until: '2027-01-03' }, { from: '2026-10-17', until: '2026-11-01' }] };
    expect(isUpdateAllowed(w, new Date('2026-12-21T10:00:00Z'))).toBe(true); // Monday 11:00, Christmas holidays
    expect(isUpdateAllowed(w, new Date('2026-10-19T09:00:00Z'))).toBe(true); // Monday 11:00 (summer time), All Saints
    expect(isUpdateAllowed(w, new Date('2027-01-04T10:00:00Z'))).toBe(false); // Monday 4 January: lessons again
    expect(isUpdateAllowed(w, new Date('2026-12-18T10:00:00Z'))).toBe(false); // Friday before: lessons
    // Sunday 3 January 23:30 UTC is Monday 4 January 0:30 in Paris: the last day has ended there.
    expect(isUpdateAllowed({ ...w, lessonsFrom: '00:00' }, new Date('2027-01-03T23:30:00Z'))).toBe(false);
    expect(isUpdateAllowed({ ...w, lessonsFrom: '00:00' }, new Date('2027-01-03T22:30:00Z'))).toBe(true); // 23:30 on the 3rd there
  });

  it.each([
    [{ ...DEFAULT_UPDATE_WINDOW, holidays: [{ from: '2026-12-19', until: '2026-12-18' }] }, 'holidays'],
    [{ ...DEFAULT_UPDATE_WINDOW, holidays: [{ from: '2026-02-30', until: '2026-03-02' }] }, 'holidays'],
    [{ ...DEFAULT_UPDATE_WINDOW, holidays: [{ from: '19/12/2026', until: '2027-01-03' }] }, 'holidays'],
    [{ ...DEFAULT_UPDATE_WINDOW, holidays: Array.from({ length: 25 }, () => ({ from: '2026-12-19', until: '2026-12-20' })) }, 'holidays'],
    [{ ...DEFAULT_UPDATE_WINDOW, holidays: [{ from: '2026-12-19', until: '2026-12-19' }] }, null],
    [{ ...DEFAULT_UPDATE_WINDOW, lessonsFrom: '8h' }, 'time'],
    [{ ...DEFAULT_UPDATE_WINDOW, lessonsUntil: '07:00' }, 'order'],
    [{ ...DEFAULT_UPDATE_WINDOW, lessonsUntil: '08:00' }, 'order'],
    [{ ...DEFAULT_UPDATE_WINDOW, schoolDays: [0] }, 'days'],
    [{ ...DEFAULT_UPDATE_WINDOW, schoolDays: [2, 2] }, 'days'],
    [{ ...DEFAULT_UPDATE_WINDOW, timeZone: 'Paris' }, 'time_zone'],
    [DEFAULT_UPDATE_WINDOW, null],
  ])('updateWindowProblem(%o) = %s; an unreadable window never allows an update', (w, problem) => {
    expect(updateWindowProblem(w)).toBe(problem);
    if (problem) expect(isUpdateAllowed(w, new Date('2026-12-05T10:00:00Z'))).toBe(false);
  });
});

describe('compareVersions', () => {
  it.each([
    ['1.0.0', '1.0.1', -1], ['1.0.10', '1.0.9', 1], ['2.0', '1.9.9', 1], ['1.2', '1.2.0', 0],
    ['1.0.0-e2e', '1.0.0', -1], ['1.0.0-e2e', '1.0.1-e2e', -1], ['1.0.0-rc.1', '1.0.0-rc.2', -1], ['1.0.0+abc', '1.0.0', 0],
    ['nonsense', '0.0.1', -1],
  ])('%s vs %s → %i', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
    expect(Math.sign(compareVersions(b, a))).toBe(-sign || 0);
  });
  it('isVersion', () => {
    expect(['1', '1.2', '1.2.3', '1.0.1-e2e', '0.1.0+b5'].every(isVersion)).toBe(true);
    expect(['', 'v1', '1.2.3.4', '1..2', 'demain'].some(isVersion)).toBe(false);
  });
});

describe('parseClockTime (the console’s lesson hours, typed on 24 hours)', () => {
  it.each([
    ['08:00', '08:00'], ['8:00', '08:00'], ['8h30', '08:30'], ['8 h 30', '08:30'], ['17h', '17:00'], ['17', '17:00'],
    [' 16.45 ', '16:45'], ['0:05', '00:05'], ['23:59', '23:59'], ['07H55', '07:55'],
  ])('%s → %s', (typed, expected) => expect(parseClockTime(typed)).toBe(expected));
  it.each(['', '24:00', '25:00', '8:60', '8:5', '5 PM', '05:00 PM', 'huit heures', '8:00:00'])('%s is not a time', (typed) => expect(parseClockTime(typed)).toBeNull());
});
