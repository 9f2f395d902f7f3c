/** Pure logic of the student screens: routes, home grouping, the work status line, visibility, storage. */
import { describe, expect, test } from 'vitest';
import { matchRoute } from '../../../src/ui/common/router.ts';
import { capList, classify, groupAssignments, HOME_LIST_CAP } from '../../../src/ui/home/assignment-groups.ts';
import { reconcileWork } from '../../../src/db/reconcile-work.ts';
import { isVisibleTo, type StudentScope } from '../../../src/ui/common/student-scope.ts';
import { storageLevel, toStatusView, UNAVAILABLE_STATUS, type SyncStatusView } from '../../../src/ui/sync/sync-status-view.ts';
import { syncLine } from '../../../src/ui/sync/sync-line.ts';
import { unansweredCount } from '../../../src/ui/assignment/answer-controller.ts';
import type { Assignment, Feedback, Submission } from '../../../src/protocol/entities.ts';
import type { WorkRow } from '../../../src/db/schema.ts';
import { INITIAL_STATUS } from '../../../src/sync/sync-status.ts';
import { t } from '../../../src/i18n/i18n.ts';
import '../../../src/i18n/work-messages.ts';

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
    state: 'draft', updatedAt: '2026-03-09T10:00:00Z', submittedAt: null, receivedAt: null, needsAttentionCode: null, ...over,
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

describe('home grouping (from reconcileWork)', () => {
  const input = (w?: WorkRow, sub?: Submission, f?: Feedback, pendingCount = 0) => ({ work: w, submission: sub, feedback: f, assignment: assignment(), pendingCount });
  test.each<[string, ReturnType<typeof input>, string, boolean]>([
    ['nothing yet', input(), 'todo', false],
    ['draft saved, not yet sent', input(work(), undefined, undefined, 1), 'draft', false],
    ['handed in, waiting to be sent', input(work({ state: 'submitting', submittedAt: '2026-03-09T10:00:00Z' }), undefined, undefined, 1), 'submitted', false],
    ['received by the server', input(work({ state: 'received' }), submission()), 'submitted', false],
    ['submitted from another tablet', input(undefined, submission()), 'submitted', false],
    ['returned', input(work({ state: 'received' }), submission({ state: 'returned' }), feedback()), 'returned', false],
    ['late submission flagged by the server', input(work({ state: 'received' }), submission({ late: true })), 'submitted', true],
    ['refused by the server: back with the drafts', input(work({ needsAttentionCode: 'deadline' })), 'draft', false],
  ])('%s', (_name, i, group, late) => {
    const item = classify(assignment(), reconcileWork(i), NOW);
    expect({ group: item.group, late: item.late }).toEqual({ group, late });
  });

  test('late: past due and not handed in; handed in after the due date', () => {
    const past = assignment({ dueAt: '2026-03-09T18:00:00Z' });
    const view = (w?: WorkRow) => reconcileWork({ work: w, submission: undefined, feedback: undefined, assignment: past, pendingCount: w ? 1 : 0 });
    expect(classify(past, view(), NOW).late).toBe(true);
    expect(classify(past, view(work({ state: 'submitting', submittedAt: '2026-03-09T17:00:00Z' })), NOW).late).toBe(false);
    expect(classify(past, view(work({ state: 'submitting', submittedAt: '2026-03-09T19:00:00Z' })), NOW).late).toBe(true);
    expect(classify(assignment({ dueAt: null }), view(), NOW).late).toBe(false);
  });

  test('groups sort by due date, no due date last', () => {
    const empty = reconcileWork({ work: undefined, submission: undefined, feedback: undefined, assignment: assignment(), pendingCount: 0 });
    const list = [assignment({ id: 'x', dueAt: null, title: 'X' }), assignment({ id: 'y', dueAt: '2026-03-20T00:00:00Z' }), assignment({ id: 'z', dueAt: '2026-03-11T00:00:00Z' })];
    const g = groupAssignments(list.map((a) => ({ assignment: a, view: empty })), NOW);
    expect(g.todo.map((i) => i.assignment.id)).toEqual(['z', 'y', 'x']);
  });

  const viewOf = (a: Assignment, w?: WorkRow, sub?: Submission, f?: Feedback) =>
    reconcileWork({ work: w, submission: sub, feedback: f, assignment: a, pendingCount: w && w.state !== 'received' ? 1 : 0 });

  test('à faire: soonest due first (overdue on top), same due date by title in French order, no due date last', () => {
    const list = [
      assignment({ id: 'n', dueAt: null, title: 'Zoologie' }),
      assignment({ id: 'e', dueAt: '2026-03-15T00:00:00Z', title: 'Étude de texte' }),
      assignment({ id: 'f', dueAt: '2026-03-15T00:00:00Z', title: 'Fractions' }),
      assignment({ id: 'd', dueAt: '2026-03-15T00:00:00Z', title: 'dictée' }),
      assignment({ id: 'o', dueAt: '2026-03-01T00:00:00Z', title: 'En retard' }),
    ];
    const g = groupAssignments(list.map((a) => ({ assignment: a, view: viewOf(a) })), NOW);
    expect(g.todo.map((i) => i.assignment.id)).toEqual(['o', 'd', 'e', 'f', 'n']);
  });

  test('à faire: work sent back to redo on top with its message; a due date of one’s own decides lateness and order', () => {
    const a = [assignment({ id: 'soon', dueAt: '2026-03-11T00:00:00Z' }), assignment({ id: 'redo', dueAt: '2026-03-30T00:00:00Z' }), assignment({ id: 'own', dueAt: '2026-03-05T00:00:00Z' })];
    const sentBack = submission({ state: 'draft', sentBack: { message: 'Refais le calcul.', at: '2026-03-10T08:00:00Z' } });
    const ownDue = submission({ state: 'draft', latest: null, submittedAt: null, dueAt: '2026-03-20T00:00:00Z' });
    const items = [
      { assignment: a[0]!, view: viewOf(a[0]!) },
      { assignment: a[1]!, view: viewOf(a[1]!, work({ id: 's1:redo', state: 'draft' }), sentBack) },
      { assignment: a[2]!, view: reconcileWork({ work: undefined, submission: ownDue, feedback: undefined, assignment: a[2]!, pendingCount: 0 }) },
    ];
    const g = groupAssignments(items, NOW);
    expect(g.todo.map((i) => i.assignment.id)).toEqual(['redo', 'soon', 'own']);
    expect(g.todo[0]!.view.sentBack?.message).toBe('Refais le calcul.');
    const own = g.todo[2]!;
    expect({ dueAt: own.dueAt, late: own.late }).toEqual({ dueAt: '2026-03-20T00:00:00Z', late: false }); // the class's date has passed, not hers
  });

  test('brouillon: a refused draft first, then soonest due', () => {
    const a = [assignment({ id: 'a', dueAt: '2026-03-20T00:00:00Z' }), assignment({ id: 'b', dueAt: '2026-03-11T00:00:00Z' }), assignment({ id: 'c', dueAt: '2026-03-25T00:00:00Z' })];
    const items = [
      { assignment: a[0]!, view: viewOf(a[0]!, work({ id: 's1:a' })) },
      { assignment: a[1]!, view: viewOf(a[1]!, work({ id: 's1:b' })) },
      { assignment: a[2]!, view: viewOf(a[2]!, work({ id: 's1:c', needsAttentionCode: 'deadline' })) },
    ];
    expect(groupAssignments(items, NOW).draft.map((i) => i.assignment.id)).toEqual(['c', 'b', 'a']);
  });

  test('rendu and corrigé: the most recently handed in / returned first', () => {
    const a = ['p', 'q', 'r'].map((id) => assignment({ id, title: id }));
    const received = (x: Assignment, at: string) => ({ assignment: x, view: viewOf(x, work({ state: 'received' }), submission({ submittedAt: at })) });
    const returned = (x: Assignment, at: string) => ({
      assignment: x,
      view: viewOf(x, work({ state: 'received' }), submission({ state: 'returned' }), feedback({ returnedAt: at })),
    });
    const rendu = groupAssignments([received(a[0]!, '2026-03-05T10:00:00Z'), received(a[1]!, '2026-03-09T10:00:00Z'), received(a[2]!, '2026-03-07T10:00:00Z')], NOW);
    expect(rendu.submitted.map((i) => i.assignment.id)).toEqual(['q', 'r', 'p']);
    const corrige = groupAssignments([returned(a[0]!, '2026-03-10T08:00:00Z'), returned(a[1]!, '2026-03-02T08:00:00Z'), returned(a[2]!, '2026-03-06T08:00:00Z')], NOW);
    expect(corrige.returned.map((i) => i.assignment.id)).toEqual(['p', 'r', 'q']);
  });
});

describe('home lists: capped, with « Tout afficher (N) »', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => `item ${i}`);

  test('a short list shows everything and needs no toggle', () => {
    expect(capList(items(HOME_LIST_CAP), false)).toEqual({ shown: items(HOME_LIST_CAP), total: HOME_LIST_CAP, toggle: false });
    expect(capList([], false)).toEqual({ shown: [], total: 0, toggle: false });
  });

  test('a long list shows its first items (the most relevant: it arrives ordered) and the full count for the toggle', () => {
    const list = items(300);
    const folded = capList(list, false);
    expect(folded.shown).toEqual(list.slice(0, HOME_LIST_CAP));
    expect(folded.total).toBe(300);
    expect(folded.toggle).toBe(true);
    expect(t('home.showAll', { count: folded.total })).toBe('Tout afficher (300)');
  });

  test('unfolded, it shows every item, still with a toggle (« Afficher moins »)', () => {
    const list = items(HOME_LIST_CAP + 1);
    expect(capList(list, true)).toEqual({ shown: list, total: HOME_LIST_CAP + 1, toggle: true });
  });

  test('the cap is a screenful: between 5 and 20', () => {
    expect(HOME_LIST_CAP).toBeGreaterThanOrEqual(5);
    expect(HOME_LIST_CAP).toBeLessThanOrEqual(20);
  });

  test('300 assignments to do: the home shows the 12 due soonest, in order', () => {
    const due = (i: number) => new Date(Date.UTC(2026, 2, 11) + ((i * 37) % 300) * 3_600_000).toISOString();
    const list = Array.from({ length: 300 }, (_, i) => assignment({ id: `a${i}`, title: `Devoir ${i}`, dueAt: due(i) }));
    const empty = reconcileWork({ work: undefined, submission: undefined, feedback: undefined, assignment: assignment(), pendingCount: 0 });
    const { shown, total } = capList(groupAssignments(list.map((a) => ({ assignment: a, view: empty })), NOW).todo, false);
    const expected = [...list].sort((x, y) => x.dueAt!.localeCompare(y.dueAt!)).slice(0, HOME_LIST_CAP).map((a) => a.id);
    expect(shown.map((i) => i.assignment.id)).toEqual(expected);
    expect(total).toBe(300);
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

  test('engine status → view: progress ratio, the error as a code, storage fallback', () => {
    const v = toStatusView(
      { ...INITIAL_STATUS, state: 'syncing', progress: { items: 4, bytes: 100, done: 1, total: 4 }, lastError: { code: 'offline', at: 'x' } },
      { usage: 5, quota: 10 },
    );
    expect(v).toMatchObject({ state: 'syncing', progress: 0.25, lastError: 'offline', storage: { usage: 5, quota: 10 } });
  });

  test('the sync line: offline at home is calm and counts the work waiting; red only when the pupil must act; no byte counts', () => {
    const view = (over: Partial<SyncStatusView>): SyncStatusView => ({ ...UNAVAILABLE_STATUS, state: 'idle', ...over });
    const waiting = (works: number) => ({ items: works * 3, bytes: works * 250_000, works });
    expect(syncLine(view({ state: 'offline', lastError: 'offline', waiting: waiting(2) }))).toEqual({
      text: 'Pas de réseau : ton travail est gardé sur la tablette. 2 devoirs partiront dès que possible.', tone: 'calm',
    });
    expect(syncLine(view({ state: 'offline', waiting: waiting(1) })).text).toBe('Pas de réseau : ton travail est gardé sur la tablette. 1 devoir partira dès que possible.');
    expect(syncLine(view({ state: 'offline' })).text).toBe('Pas de réseau : ton travail est gardé sur la tablette.');
    expect(syncLine(view({ state: 'error', lastError: 'server_error', waiting: waiting(3) }))).toMatchObject({ tone: 'calm' });
    expect(syncLine(view({ lastSyncAt: '2026-03-09T13:05:00Z' })).text).toMatch(/^Tout est envoyé · dernière synchro\u00a0: /);
    for (const code of ['session_expired', 'device_revoked', 'storage_full'] as const) {
      expect(syncLine(view({ state: 'error', lastError: code, waiting: waiting(1) })).tone, code).toBe('act');
    }
    for (const s of [view({ state: 'offline', waiting: waiting(7) }), view({ waiting: waiting(7), lastSyncAt: '2026-03-09T13:05:00Z' })]) {
      expect(syncLine(s).text).not.toMatch(/\d\s?(o|Ko|Mo|Go)\b|erreur|injoignable/);
    }
  });

  test('unanswered questions are counted before handing in', () => {
    expect(unansweredCount(['a', 'b', 'c'], [{ questionId: 'a', text: 'x' }, { questionId: 'b', choiceIds: [] }])).toBe(2);
  });
});
