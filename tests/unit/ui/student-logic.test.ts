/** Pure logic of the student screens: routes, home grouping, the work status line, visibility, storage. */
import { describe, expect, test } from 'vitest';
import { matchRoute } from '../../../src/ui/common/router.ts';
import { classify, groupAssignments } from '../../../src/ui/home/assignment-groups.ts';
import { isLocked, workStatus } from '../../../src/ui/assignment/work-status.ts';
import { isVisibleTo, type StudentScope } from '../../../src/ui/common/student-scope.ts';
import { storageLevel, toStatusView } from '../../../src/ui/sync/sync-status-view.ts';
import { unansweredCount } from '../../../src/ui/assignment/answer-controller.ts';
import type { Assignment, Feedback, Submission } from '../../../src/protocol/entities.ts';
import type { WorkRow } from '../../../src/db/schema.ts';
import { INITIAL_STATUS } from '../../../src/sync/sync-status.ts';

const NOW = new Date('2026-03-10T10:00:00Z');

function assignment(over: Partial<Assignment> = {}): Assignment {
  return {
    id: 'a1', classId: 'c1', groupId: null, title: 'Devoir', instructionsMarkdown: '', dueAt: '2026-03-12T18:00:00Z',
    questions: [{ id: 'q1', kind: 'text', prompt: 'P', points: 1 }], version: 1, status: 'published',
    publishedAt: '2026-03-01T08:00:00Z', updatedAt: '2026-03-01T08:00:00Z', ...over,
  };
}
function work(over: Partial<WorkRow> = {}): WorkRow {
  return {
    id: 's1:a1', studentId: 's1', assignmentId: 'a1', answers: [{ questionId: 'q1', text: 'Bonjour' }], assignmentVersion: 1,
    state: 'draft', updatedAt: '2026-03-09T10:00:00Z', submittedAt: null, receivedAt: null, needsAttention: null, ...over,
  };
}
function submission(over: Partial<Submission> = {}): Submission {
  return {
    id: 'sub1', assignmentId: 'a1', studentId: 's1', state: 'submitted', latest: null, submitted: null,
    submittedAt: '2026-03-09T11:00:00Z', late: false, resubmitted: false, complete: true, version: 2, updatedAt: '2026-03-09T11:00:00Z', ...over,
  };
}
function feedback(over: Partial<Feedback> = {}): Feedback {
  return {
    id: 'f1', submissionId: 'sub1', assignmentId: 'a1', studentId: 's1', perQuestion: [], comment: 'Bien', mark: 15, maxMark: 20,
    returnedAt: '2026-03-10T09:00:00Z', version: 1, updatedAt: '2026-03-10T09:00:00Z', ...over,
  };
}

describe('matchRoute', () => {
  test.each([
    ['/', '/', {}],
    ['/lessons/:id', '/lessons/abc', { id: 'abc' }],
    ['/assignments/:id', '/assignments/a%3Ab', { id: 'a:b' }],
    ['/assignments/:id', '/assignments/abc?x=1', { id: 'abc' }],
    ['/console/*', '/console/classes/1', {}],
    ['/lessons/:id', '/lessons', null],
    ['/lessons/:id', '/lessons/a/b', null],
    ['/', '/nope', null],
    ['/lessons/:id', '/lessons/%E0%A4%A', null],
  ])('%s on %s', (pattern, path, expected) => {
    expect(matchRoute(pattern, path)).toEqual(expected);
  });
});

describe('home grouping', () => {
  test.each<[string, WorkRow | undefined, Submission | undefined, Feedback | undefined, string, boolean, boolean]>([
    ['nothing yet', undefined, undefined, undefined, 'todo', false, false],
    ['empty draft is still to do', work({ answers: [{ questionId: 'q1', text: '  ' }] }), undefined, undefined, 'todo', false, false],
    ['draft', work(), undefined, undefined, 'draft', false, false],
    ['draft of an older version', work({ assignmentVersion: 0 }), undefined, undefined, 'draft', false, true],
    ['handed in, waiting', work({ state: 'submitting', submittedAt: '2026-03-09T10:00:00Z' }), undefined, undefined, 'submitted', false, false],
    ['received', work({ state: 'received', submittedAt: '2026-03-09T10:00:00Z' }), submission(), undefined, 'submitted', false, false],
    ['submitted from another tablet', undefined, submission(), undefined, 'submitted', false, false],
    ['returned', work({ state: 'received' }), submission({ state: 'returned' }), feedback(), 'returned', false, false],
    ['late submission flagged by the server', work({ state: 'received' }), submission({ late: true }), undefined, 'submitted', true, false],
  ])('%s', (_name, w, s, f, group, late, changed) => {
    const item = classify(assignment({ version: 1 }), w, s, f, NOW);
    expect({ group: item.group, late: item.late, changed: item.changed }).toEqual({ group, late, changed });
  });

  test('late: past due and not handed in; handed in after the due date', () => {
    const past = assignment({ dueAt: '2026-03-09T18:00:00Z' });
    expect(classify(past, undefined, undefined, undefined, NOW).late).toBe(true);
    expect(classify(past, work({ state: 'submitting', submittedAt: '2026-03-09T17:00:00Z' }), undefined, undefined, NOW).late).toBe(false);
    expect(classify(past, work({ state: 'submitting', submittedAt: '2026-03-09T19:00:00Z' }), undefined, undefined, NOW).late).toBe(true);
    expect(classify(assignment({ dueAt: null }), undefined, undefined, undefined, NOW).late).toBe(false);
  });

  test('groups sort by due date, no due date last', () => {
    const list = [assignment({ id: 'x', dueAt: null, title: 'X' }), assignment({ id: 'y', dueAt: '2026-03-20T00:00:00Z' }), assignment({ id: 'z', dueAt: '2026-03-11T00:00:00Z' })];
    const g = groupAssignments(list, [], [], [], NOW);
    expect(g.todo.map((i) => i.assignment.id)).toEqual(['z', 'y', 'x']);
  });
});

describe('work status line', () => {
  const a = assignment({ version: 2 });
  test.each<[string, WorkRow | undefined, Submission | undefined, Feedback | undefined, unknown]>([
    ['todo', undefined, undefined, undefined, { kind: 'todo' }],
    ['draft', work({ assignmentVersion: 2 }), undefined, undefined, { kind: 'draft', changed: false }],
    ['draft, assignment changed', work({ assignmentVersion: 1 }), undefined, undefined, { kind: 'draft', changed: true }],
    ['submitting', work({ state: 'submitting' }), undefined, undefined, { kind: 'submitting' }],
    ['received with the time', work({ state: 'received', receivedAt: '2026-03-09T12:00:00Z' }), undefined, undefined, { kind: 'received', at: '2026-03-09T12:00:00Z' }],
    ['returned', work({ state: 'received' }), undefined, feedback(), { kind: 'returned' }],
    ['needs attention', work({ needsAttention: 'Refusé', needsAttentionCode: 'deadline' }), undefined, undefined, { kind: 'needsAttention', message: 'Refusé', code: 'deadline' }],
  ])('%s', (_n, w, s, f, expected) => {
    expect(workStatus(a, w, s, f)).toEqual(expected);
  });

  test('handed-in work is read-only; drafts are not', () => {
    expect(isLocked({ kind: 'submitting' })).toBe(true);
    expect(isLocked({ kind: 'received', at: 'x' })).toBe(true);
    expect(isLocked({ kind: 'draft', changed: false })).toBe(false);
  });
});

describe('visibility', () => {
  const scope: StudentScope = { studentId: 's1', classId: 'c1', groupIds: new Set(['g1']) };
  test.each([
    [{ classId: 'c1', groupId: null, status: 'published' as const }, true],
    [{ classId: 'c1', groupId: 'g1', status: 'published' as const }, true],
    [{ classId: 'c1', groupId: 'g2', status: 'published' as const }, false],
    [{ classId: 'c2', groupId: null, status: 'published' as const }, false],
    [{ classId: 'c1', groupId: null, status: 'draft' as const }, false],
  ])('%o → %s', (item, visible) => {
    expect(isVisibleTo(item, scope)).toBe(visible);
  });
});

describe('storage and sync status', () => {
  test('warning from 85 % full; unknown without a quota', () => {
    expect(storageLevel(null)).toBe('unknown');
    expect(storageLevel({ usage: 1, quota: 0 })).toBe('unknown');
    expect(storageLevel({ usage: 84, quota: 100 })).toBe('ok');
    expect(storageLevel({ usage: 85, quota: 100 })).toBe('warning');
  });

  test('engine status → view: progress ratio, error words, storage fallback', () => {
    const v = toStatusView(
      { ...INITIAL_STATUS, state: 'syncing', progress: { items: 4, bytes: 100, done: 1, total: 4 }, lastError: { code: 'offline', message: 'Le serveur…', at: 'x' } },
      { usage: 5, quota: 10 },
    );
    expect(v).toMatchObject({ state: 'syncing', progress: 0.25, lastError: 'Le serveur…', storage: { usage: 5, quota: 10 } });
  });

  test('unanswered questions are counted before handing in', () => {
    expect(unansweredCount(['a', 'b', 'c'], [{ questionId: 'a', text: 'x' }, { questionId: 'b', choiceIds: [] }])).toBe(2);
  });
});
