import { describe, expect, it } from 'vitest';
import type { Feedback, Revision, Submission } from '../../../src/protocol/entities.ts';
import { followCounts, followStatus, progressSegments, sortRows } from '../../../src/ui/console/follow-status.ts';

const rev = (kind: Revision['kind']): Revision => ({ id: 'r', number: 1, kind, answers: [], assignmentVersion: 1, deviceId: null, createdAt: '2027-01-01T00:00:00.000Z' });
const sub = (patch: Partial<Submission>): Submission => ({
  id: 's', assignmentId: 'a', studentId: 'st', state: 'draft', latest: rev('draft'), submitted: null, submittedAt: null,
  late: false, resubmitted: false, complete: true, version: 1, updatedAt: '2027-01-01T00:00:00.000Z', ...patch,
});
const fb = { returnedAt: '2027-01-02T00:00:00.000Z' } as Feedback;

describe('followStatus', () => {
  it.each([
    ['no submission', null, null, 'not-started'],
    ['a submission row with no revision', sub({ latest: null }), null, 'not-started'],
    ['a draft', sub({}), null, 'draft'],
    ['handed in on time', sub({ state: 'submitted', submitted: rev('submit') }), null, 'on-time'],
    ['handed in late', sub({ state: 'submitted', submitted: rev('submit'), late: true }), null, 'late'],
    ['returned', sub({ state: 'returned', submitted: rev('submit') }), fb, 'returned'],
    ['handed in again after return', sub({ state: 'submitted', submitted: rev('submit'), resubmitted: true }), fb, 'on-time'],
  ] as const)('%s', (_name, submission, feedback, expected) => {
    expect(followStatus({ submission, feedback })).toBe(expected);
  });
});

describe('progress chart', () => {
  const rows = [
    { submission: null, feedback: null },
    { submission: null, feedback: null },
    { submission: sub({}), feedback: null },
    { submission: sub({ state: 'submitted', submitted: rev('submit'), late: true }), feedback: null },
    { submission: sub({ state: 'returned', submitted: rev('submit') }), feedback: fb },
  ];
  it('counts every student once', () => {
    expect(followCounts(rows)).toEqual({ returned: 1, 'on-time': 0, late: 1, draft: 1, 'not-started': 2, total: 5 });
  });
  it('lays segments end to end over the whole width, skipping empty statuses', () => {
    const segs = progressSegments(followCounts(rows));
    expect(segs.map((s) => s.status)).toEqual(['returned', 'late', 'draft', 'not-started']);
    expect(segs.reduce((w, s) => w + s.width, 0)).toBeCloseTo(100);
    segs.slice(1).forEach((s, i) => expect(s.x).toBeCloseTo(segs[i]!.x + segs[i]!.width));
    expect(segs[3]!.width).toBeCloseTo(40);
  });
  it('draws nothing for an empty class', () => {
    expect(progressSegments(followCounts([]))).toEqual([]);
  });
});

describe('sortRows', () => {
  it('sorts by last name then first name, accents ignored', () => {
    const s = (lastName: string, firstName: string) => ({ student: { id: lastName + firstName, classId: 'c', lastName, firstName, archived: false } });
    const sorted = sortRows([s('Émond', 'Zoé'), s('Dupont', 'Lina'), s('emond', 'Anna'), s('Dupont', 'Ali')]);
    expect(sorted.map((r) => `${r.student.lastName} ${r.student.firstName}`)).toEqual(['Dupont Ali', 'Dupont Lina', 'emond Anna', 'Émond Zoé']);
  });
});
