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
