/**
 * Reads, for ONE signed-in student, what SYNC's pure `reconcileWork` needs per assignment:
 * the local work, the server's submission and returned feedback, and the outbox entries of
 * that work still to send (or refused). Every query is by studentId.
 */
import type { CartableDb } from '../../db/schema.ts';
import type { Assignment } from '../../protocol/entities.ts';
import { workId } from '../../db/work-repository.ts';
import type { WorkInput } from '../../db/reconcile-work.ts';

/** The reconcile inputs of each assignment (keyed by assignment id). */
export async function loadWorkInputs(db: CartableDb, studentId: string, assignments: Assignment[]): Promise<Map<string, WorkInput>> {
  const [works, submissions, feedback, outbox] = await Promise.all([
    db.work.where('studentId').equals(studentId).toArray(),
    db.submissions.where('studentId').equals(studentId).toArray(),
    db.feedback.where('studentId').equals(studentId).toArray(),
    db.outbox.where('studentId').equals(studentId).toArray(),
  ]);
  const out = new Map<string, WorkInput>();
  for (const a of assignments) {
    const id = workId(studentId, a.id);
    const entries = outbox.filter((o) => o.entityId === id);
    const rejected = entries.find((o) => o.state === 'rejected');
    out.set(a.id, {
      work: works.find((w) => w.id === id && w.studentId === studentId),
      submission: submissions.find((s) => s.assignmentId === a.id && s.studentId === studentId),
      feedback: feedback.find((f) => f.assignmentId === a.id && f.studentId === studentId && !!f.returnedAt),
      assignment: a,
      pendingCount: entries.filter((o) => o.state === 'pending').length,
      rejected: rejected ? { code: null, message: rejected.lastError ?? '' } : null,
    });
  }
  return out;
}

/**
 * The student's work whose assignment this tablet no longer shows (withdrawn, moved to
 * another group): never hidden — Invariant 1 keeps it, the home screen lists it "à revoir".
 */
export async function orphanWorks(db: CartableDb, studentId: string, visibleAssignmentIds: ReadonlySet<string>) {
  const works = await db.work.where('studentId').equals(studentId).toArray();
  return works.filter(
    (w) =>
      w.studentId === studentId &&
      !visibleAssignmentIds.has(w.assignmentId) &&
      (!!w.needsAttention || w.answers.some((a) => a.text?.trim() || a.choiceIds?.length || a.attachmentIds?.length)),
  );
}
