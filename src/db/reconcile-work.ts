/**
 * What the student sees for one piece of work, decided by a PURE function of the local work,
 * the server's submission and feedback, the assignment and the outbox. Tie-break, in order:
 * 1. a refusal or a conflict needs attention (shown, never hidden);
 * 2. unsent local changes win over anything the server says ("rendu — en attente d'envoi",
 *    or a draft "enregistré sur la tablette") — except that a copy the teacher sent back stays
 *    « À refaire » (with the teacher's message) while the pupil works on it, until handed in;
 * 3. returned feedback (graded) wins over "received";
 * 4. the server's "submitted" is "reçu" at the server's time;
 * 5. otherwise a draft (or nothing yet).
 * Independently, `assignmentChanged` tells the student the teacher edited the assignment
 * since their draft was started; `dueAt` is the pupil's own due date when the teacher gave one;
 * `reminder` is the teacher's latest reminder while the work is not handed in.
 */
import type { Assignment, Feedback, Reminder, SentBack, Submission } from '../protocol/entities.ts';
import type { WorkRow } from './schema.ts';
import type { ErrorParams } from '../protocol/error-codes.ts';

export type WorkStatus =
  | 'not_started'
  | 'draft'
  | 'submitted_pending'
  | 'received'
  | 'returned'
  | 'needs_attention'
  /** Sent back by the teacher to redo (the message in `sentBack`). */
  | 'redo';

export interface WorkView {
  status: WorkStatus;
  /** When it happened (handed in on the tablet, received by the server, returned). */
  at: string | null;
  /** Local changes not yet acknowledged by the server. */
  unsent: boolean;
  late: boolean;
  resubmitted: boolean;
  /** The teacher changed the assignment since the draft was started. */
  assignmentChanged: boolean;
  /** Handed in before, then edited on the tablet (the handed-in version stays on the server). */
  editedSinceSubmit: boolean;
  /** Why it needs attention: the server's error code and params (worded by the screen). */
  attention: { code: string; params: ErrorParams | null } | null;
  mark: { mark: number | null; maxMark: number } | null;
  /** The teacher sent the copy back to redo: their message (while it is not handed in again). */
  sentBack: SentBack | null;
  /** The pupil's own due date (null: the assignment's). */
  dueAt: string | null;
  /** The teacher's latest reminder, while the work is not handed in. */
  reminder: Reminder | null;
}

export interface WorkInput {
  work: WorkRow | null | undefined;
  submission: Submission | null | undefined;
  feedback: Feedback | null | undefined;
  assignment: Pick<Assignment, 'version'> | null | undefined;
  /** Outbox entries of this work still to send (pending or on the wire). */
  pendingCount: number;
  /** The first refused outbox entry of this work, if any. */
  rejected?: { code: string | null; params: ErrorParams | null } | null;
}

/** Decides the view of one student's work (table-driven tests in tests/unit/db). */
export function reconcileWork(i: WorkInput): WorkView {
  const { work, submission: sub, assignment } = i;
  const feedback = i.feedback?.returnedAt ? i.feedback : null;
  const answered = !!work && work.answers.length > 0;
  const base: WorkView = {
    status: 'not_started', at: null, unsent: i.pendingCount > 0, late: sub?.late ?? false, resubmitted: sub?.resubmitted ?? false,
    assignmentChanged: !!work && answered && !!assignment && assignment.version > work.assignmentVersion && work.state !== 'received',
    editedSinceSubmit: !!sub?.submitted && !!work && work.state === 'draft' && (i.pendingCount > 0 || sub.latest?.id !== sub.submitted.id),
    attention: null,
    mark: feedback ? { mark: feedback.mark, maxMark: feedback.maxMark } : null,
    sentBack: null, dueAt: sub?.dueAt ?? null, reminder: null,
  };
  const notHandedIn = work?.state !== 'submitting' && (!sub || sub.state === 'draft');
  if (notHandedIn && sub?.reminder) base.reminder = sub.reminder;
  const attention = i.rejected ?? (work?.needsAttentionCode ? { code: work.needsAttentionCode, params: work.needsAttentionParams ?? null } : null);
  if (attention) return { ...base, status: 'needs_attention', attention: { code: attention.code ?? 'unknown', params: attention.params } };
  if (work?.state === 'submitting') return { ...base, status: 'submitted_pending', at: work.submittedAt };
  if (sub?.state === 'draft' && sub.sentBack) return { ...base, status: 'redo', at: sub.sentBack.at, sentBack: sub.sentBack };
  if (work?.state === 'draft' && i.pendingCount > 0) return { ...base, status: 'draft', at: work.updatedAt };
  if (sub?.state === 'returned' && feedback) return { ...base, status: 'returned', at: feedback.returnedAt };
  if (sub?.state === 'submitted' || sub?.state === 'returned') {
    if (work?.state === 'draft' && base.editedSinceSubmit) return { ...base, status: 'draft', at: work.updatedAt };
    return { ...base, status: 'received', at: sub.submittedAt };
  }
  if (work?.state === 'received') return { ...base, status: 'received', at: work.receivedAt };
  if (answered || sub?.latest) return { ...base, status: 'draft', at: work?.updatedAt ?? sub?.updatedAt ?? null };
  return base;
}
