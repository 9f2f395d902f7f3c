/**
 * The status line a student trusts: "Brouillon", "Rendu — en attente d'envoi" until the
 * server confirms, then "Reçu le …" with the server's time, then "Corrigé". Pure.
 */
import type { WorkRow } from '../../db/schema.ts';
import type { Assignment, Feedback, Submission } from '../../protocol/entities.ts';

export type WorkStatus =
  | { kind: 'todo' }
  | { kind: 'draft'; changed: boolean }
  | { kind: 'submitting' }
  | { kind: 'received'; at: string }
  | { kind: 'returned' }
  | { kind: 'needsAttention'; message: string; code: string | null };

export function workStatus(
  assignment: Pick<Assignment, 'version'>,
  work: WorkRow | undefined,
  submission: Submission | undefined,
  feedback: Feedback | undefined,
): WorkStatus {
  if (work?.needsAttention && work.needsAttentionCode !== 'assignment_changed') {
    return { kind: 'needsAttention', message: work.needsAttention, code: work.needsAttentionCode ?? null };
  }
  if (feedback?.returnedAt && work?.state !== 'draft') return { kind: 'returned' };
  if (work?.state === 'submitting') return { kind: 'submitting' };
  if (work?.state === 'received') return { kind: 'received', at: work.receivedAt ?? submission?.submittedAt ?? work.updatedAt };
  if (!work && submission?.state === 'submitted' && submission.submittedAt) return { kind: 'received', at: submission.submittedAt };
  if (!work) return feedback?.returnedAt ? { kind: 'returned' } : { kind: 'todo' };
  return { kind: 'draft', changed: work.assignmentVersion < assignment.version || work.needsAttentionCode === 'assignment_changed' };
}

/** Handed in (waiting, received or marked): the answers are no longer editable here. */
export function isLocked(status: WorkStatus): boolean {
  return status.kind === 'submitting' || status.kind === 'received' || status.kind === 'returned';
}
