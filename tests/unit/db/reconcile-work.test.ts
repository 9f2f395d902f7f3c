import { describe, expect, it } from 'vitest';
import { reconcileWork, type WorkInput, type WorkView } from '../../../src/db/reconcile-work.ts';
import type { WorkRow } from '../../../src/db/schema.ts';
import type { Feedback, Revision, Submission } from '../../../src/protocol/entities.ts';

const T0 = '2026-03-01T08:00:00.000Z';
const T1 = '2026-03-01T09:00:00.000Z';
const T2 = '2026-03-02T10:00:00.000Z';

const work = (p: Partial<WorkRow> = {}): WorkRow => ({
  id: 'lea:a1', studentId: 'lea', assignmentId: 'a1', answers: [{ questionId: 'q1', text: 'x' }], assignmentVersion: 1, state: 'draft',
  updatedAt: T0, submittedAt: null, receivedAt: null, needsAttentionCode: null, ...p,
});
const rev = (id: string, kind: Revision['kind']): Revision => ({ id, number: 1, kind, answers: [], assignmentVersion: 1, deviceId: 'd', createdAt: T1 });
const sub = (p: Partial<Submission> = {}): Submission => ({
  id: 's1', assignmentId: 'a1', studentId: 'lea', state: 'submitted', latest: rev('r1', 'submit'), submitted: rev('r1', 'submit'), submittedAt: T1,
  late: false, resubmitted: false, complete: true, version: 2, updatedAt: T1, ...p,
});
const fb = (p: Partial<Feedback> = {}): Feedback => ({
  id: 'f1', submissionId: 's1', assignmentId: 'a1', studentId: 'lea', perQuestion: [], comment: 'Bien', mark: 14, maxMark: 20, returnedAt: T2, version: 1, updatedAt: T2, ...p,
});
const v1 = { version: 1 };

const cases: [string, WorkInput, Partial<WorkView>][] = [
  ['nothing yet', { work: null, submission: null, feedback: null, assignment: v1, pendingCount: 0 }, { status: 'not_started', unsent: false }],
  ['a draft saved on the tablet, not sent', { work: work(), submission: null, feedback: null, assignment: v1, pendingCount: 1 }, { status: 'draft', unsent: true, at: T0 }],
  ['handed in, waiting to be sent', { work: work({ state: 'submitting', submittedAt: T0 }), submission: null, feedback: null, assignment: v1, pendingCount: 1 }, { status: 'submitted_pending', at: T0 }],
  ['pending hand-in wins over an older server copy', { work: work({ state: 'submitting', submittedAt: T2 }), submission: sub(), feedback: null, assignment: v1, pendingCount: 1 }, { status: 'submitted_pending', at: T2 }],
  ['received by the server, at the server time', { work: work({ state: 'received' }), submission: sub({ late: true }), feedback: null, assignment: v1, pendingCount: 0 }, { status: 'received', at: T1, late: true }],
  ['acknowledged before the pull brought the submission', { work: work({ state: 'received', receivedAt: T1 }), submission: null, feedback: null, assignment: v1, pendingCount: 0 }, { status: 'received', at: T1 }],
  ['returned with a mark', { work: work({ state: 'received' }), submission: sub({ state: 'returned' }), feedback: fb(), assignment: v1, pendingCount: 0 }, { status: 'returned', at: T2, mark: { mark: 14, maxMark: 20 } }],
  ['feedback not returned yet is not shown', { work: work({ state: 'received' }), submission: sub({ state: 'returned' }), feedback: fb({ returnedAt: null }), assignment: v1, pendingCount: 0 }, { status: 'received', mark: null }],
  ['resubmitted after grading', { work: work({ state: 'received' }), submission: sub({ resubmitted: true }), feedback: fb(), assignment: v1, pendingCount: 0 }, { status: 'received', resubmitted: true, mark: { mark: 14, maxMark: 20 } }],
  ['edited after handing in (unsent edit)', { work: work({ updatedAt: T2 }), submission: sub(), feedback: null, assignment: v1, pendingCount: 1 }, { status: 'draft', editedSinceSubmit: true, at: T2 }],
  ['edited after handing in (edit synced as a draft revision)', { work: work({ updatedAt: T2 }), submission: sub({ latest: rev('r2', 'draft') }), feedback: null, assignment: v1, pendingCount: 0 }, { status: 'draft', editedSinceSubmit: true }],
  ['refused by the server: needs attention, never hidden', { work: work(), submission: null, feedback: null, assignment: v1, pendingCount: 0, rejected: { code: 'assignment_unavailable', params: null } }, { status: 'needs_attention', attention: { code: 'assignment_unavailable', params: null } }],
  ['conflict kept on the work', { work: work({ needsAttentionCode: 'assignment_changed', needsAttentionParams: { n: 2 } }), submission: null, feedback: null, assignment: { version: 2 }, pendingCount: 0 }, { status: 'needs_attention', assignmentChanged: true }],
  ['teacher changed the assignment since the draft', { work: work(), submission: null, feedback: null, assignment: { version: 3 }, pendingCount: 1 }, { status: 'draft', assignmentChanged: true }],
  ['no change notice for an empty draft', { work: work({ answers: [] }), submission: null, feedback: null, assignment: { version: 3 }, pendingCount: 0 }, { status: 'not_started', assignmentChanged: false }],
  ['a draft from another tablet, synced', { work: work({ state: 'draft' }), submission: sub({ state: 'draft', submitted: null, latest: rev('r3', 'draft') }), feedback: null, assignment: v1, pendingCount: 0 }, { status: 'draft', unsent: false }],
  // The teacher's follow-up (issue 13).
  ['sent back to redo: « À refaire » with the message, answers kept as the draft', { work: work(), submission: sub({ state: 'draft', sentBack: { message: 'Refais la 2.', at: T2 } }), feedback: null, assignment: v1, pendingCount: 0 }, { status: 'redo', at: T2, sentBack: { message: 'Refais la 2.', at: T2 } }],
  ['sent back, the pupil editing: still « À refaire »', { work: work({ updatedAt: T2 }), submission: sub({ state: 'draft', sentBack: { message: 'Refais.', at: T1 } }), feedback: null, assignment: v1, pendingCount: 2 }, { status: 'redo', unsent: true }],
  ['sent back, handed in again on the tablet: waiting to be sent', { work: work({ state: 'submitting', submittedAt: T2 }), submission: sub({ state: 'draft', sentBack: { message: 'Refais.', at: T1 } }), feedback: null, assignment: v1, pendingCount: 1 }, { status: 'submitted_pending', sentBack: null }],
  ['a due date of one’s own', { work: null, submission: sub({ state: 'draft', latest: null, submitted: null, submittedAt: null, dueAt: T2 }), feedback: null, assignment: v1, pendingCount: 0 }, { status: 'not_started', dueAt: T2 }],
  ['a reminder while not handed in', { work: work(), submission: sub({ state: 'draft', submitted: null, reminder: { id: 'r1', message: 'Vite !', at: T1 } }), feedback: null, assignment: v1, pendingCount: 0 }, { reminder: { id: 'r1', message: 'Vite !', at: T1 } }],
  ['no reminder once handed in on the tablet', { work: work({ state: 'submitting', submittedAt: T2 }), submission: sub({ state: 'draft', submitted: null, reminder: { id: 'r1', message: '', at: T1 } }), feedback: null, assignment: v1, pendingCount: 1 }, { status: 'submitted_pending', reminder: null }],
];

describe('reconcileWork', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    expect(reconcileWork(input)).toMatchObject(expected);
  });

  it('is pure: same input, same output, input untouched', () => {
    const input: WorkInput = { work: work({ state: 'received' }), submission: sub(), feedback: fb(), assignment: v1, pendingCount: 0 };
    const copy = structuredClone(input);
    expect(reconcileWork(input)).toEqual(reconcileWork(input));
    expect(input).toEqual(copy);
  });
});
