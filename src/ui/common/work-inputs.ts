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
export async function loadWorkInputs(db: CartableDb, studentId: string, assignments: ReadonlyArray<Pick<Assignment, 'id' | 'version'>>): Promise<Map<string, WorkInput>> {
  const [works, submissions, feedback, outbox] = await Promise.all([
    db.work.where('studentId').equals(studentId).toArray(),
    db.submissions.where('studentId').equals(studentId).toArray(),
    db.feedback.where('studentId').equals(studentId).toArray(),
    db.outbox.where('studentId').equals(studentId).toArray(),
  ]);
  // Indexed once: a class of 300 assignments must not scan every row per assignment.
  const firstBy = <T,>(rows: T[], key: (r: T) => string | null) => {
    const m = new Map<string, T>();
    for (const r of rows) {
      const k = key(r);
      if (k !== null && !m.has(k)) m.set(k, r);
    }
    return m;
  };
  const workById = firstBy(works, (w) => (w.studentId === studentId ? w.id : null));
  const subByAssignment = firstBy(submissions, (s) => (s.studentId === studentId ? s.assignmentId : null));
  const feedbackByAssignment = firstBy(feedback, (f) => (f.studentId === studentId && !!f.returnedAt ? f.assignmentId : null));
  const outboxByEntity = new Map<string, typeof outbox>();
  for (const o of outbox) {
    const list = outboxByEntity.get(o.entityId);
    if (list) list.push(o);
    else outboxByEntity.set(o.entityId, [o]);
  }
  const out = new Map<string, WorkInput>();
  for (const a of assignments) {
    const id = workId(studentId, a.id);
    const entries = outboxByEntity.get(id) ?? [];
    const rejected = entries.find((o) => o.state === 'rejected');
    out.set(a.id, {
      work: workById.get(id),
      submission: subByAssignment.get(a.id),
      feedback: feedbackByAssignment.get(a.id),
      assignment: a,
      pendingCount: entries.filter((o) => o.state === 'pending').length,
      rejected: rejected ? { code: rejected.lastError, params: rejected.lastErrorParams ?? null } : null,
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
      (!!w.needsAttentionCode || w.answers.some((a) => a.text?.trim() || a.choiceIds?.length || a.attachmentIds?.length)),
  );
}
