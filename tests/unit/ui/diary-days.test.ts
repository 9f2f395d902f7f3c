import { describe, expect, it } from 'vitest';
import { diaryPlace, dueDay } from '../../../src/ui/diary/diary-days.ts';

// Wednesday 16 September 2026, 10:00 local time (dates built locally: the test holds in any time zone).
const now = new Date(2026, 8, 16, 10, 0);
const at = (day: number, hour = 16) => new Date(2026, 8, day, hour, 0).toISOString();

describe('homework diary days', () => {
  it.each([
    ['no due date', null, 'later'],
    ['earlier today (past)', at(16, 8), 'late'],
    ['yesterday', at(15), 'late'],
    ['later today', at(16, 17), 'today'],
    ['today 23:59', new Date(2026, 8, 16, 23, 59).toISOString(), 'today'],
    ['tomorrow midnight', new Date(2026, 8, 17, 0, 0).toISOString(), 'tomorrow'],
    ['tomorrow', at(17), 'tomorrow'],
    ['Friday', at(18), 'week'],
    ['Sunday night', new Date(2026, 8, 20, 23, 0).toISOString(), 'week'],
    ['next Monday', at(21, 8), 'later'],
  ] as const)('%s → %s', (_name, due, day) => {
    expect(dueDay(due, now)).toBe(day);
  });

  it('on a Sunday, tomorrow is Monday and "this week" is already over', () => {
    const sunday = new Date(2026, 8, 20, 9, 0);
    expect(dueDay(at(21), sunday)).toBe('tomorrow');
    expect(dueDay(at(22), sunday)).toBe('later');
  });

  it('on a Saturday, Sunday is tomorrow', () => {
    expect(dueDay(at(20), new Date(2026, 8, 19, 9, 0))).toBe('tomorrow');
  });
});

describe('where work goes and its marks since the last visit', () => {
  const last = { seenAssignments: ['seen', 'done'], seenCorrections: ['f1@2026-09-15T10:00:00.000Z'] };
  const entry = (over: Partial<Parameters<typeof diaryPlace>[0]>) => ({ id: 'seen', dueAt: at(17), handedIn: false, correction: null, ...over });

  it.each([
    ['to do, seen before', entry({}), last, { day: 'tomorrow', isNew: false, corrected: false }],
    ['to do, never shown', entry({ id: 'fresh' }), last, { day: 'tomorrow', isNew: true, corrected: false }],
    ['first visit: everything is new', entry({}), null, { day: 'tomorrow', isNew: true, corrected: false }],
    ['first visit, already started: not new', entry({ started: true }), null, { day: 'tomorrow', isNew: false, corrected: false }],
    ['never shown, already handed in: not new', entry({ id: 'fresh', handedIn: true }), last, { day: 'tomorrow', isNew: false, corrected: false }],
    ['late and not handed in stays, under late', entry({ dueAt: at(14) }), last, { day: 'late', isNew: false, corrected: false }],
    ['handed in, day ahead: stays', entry({ id: 'done', handedIn: true }), last, { day: 'tomorrow', isNew: false, corrected: false }],
    ['handed in, day past: leaves', entry({ id: 'done', handedIn: true, dueAt: at(14) }), last, null],
    ['correction back since the visit: on top', entry({ id: 'done', handedIn: true, dueAt: at(14), correction: 'f2@2026-09-16T08:00:00.000Z' }), last, { day: 'corrected', isNew: false, corrected: true }],
    ['correction already seen: leaves', entry({ id: 'done', handedIn: true, dueAt: at(14), correction: 'f1@2026-09-15T10:00:00.000Z' }), last, null],
    ['the same correction returned again is new again', entry({ id: 'done', handedIn: true, dueAt: at(14), correction: 'f1@2026-09-16T09:00:00.000Z' }), last, { day: 'corrected', isNew: false, corrected: true }],
  ] as const)('%s', (_name, e, visit, place) => {
    expect(diaryPlace(e, visit, now)).toEqual(place);
  });
});
