/**
 * A student's work on the tablet: every change writes the work record and its outbox entry
 * in ONE Dexie transaction (never a network call inside), so whatever happens next (app
 * killed, network cut, tablet switched off) the saved answer and the fact that it must be
 * sent survive together. Storage failures (full disk) come back as `{ ok: false }` values
 * with the previous work and the outbox intact (see local-write.ts).
 */
import type { Answer, Assignment } from '../protocol/entities.ts';
import type { AttachmentRow, CartableDb, WorkRow } from './schema.ts';
import { enqueue, entriesOf } from './outbox.ts';
import { guardedWrite, LocalWriteError, type LocalWriteResult } from './local-write.ts';

/** The outbox payload of 'work.save' and 'work.submit': the whole answer set (so saves coalesce). */
export interface WorkPayload {
  assignmentId: string;
  assignmentVersion: number;
  answers: Answer[];
  clientAt: string;
}

/** The local id of a student's work on an assignment. */
export const workId = (studentId: string, assignmentId: string): string => `${studentId}:${assignmentId}`;

const nowIso = () => new Date().toISOString();

function newWork(studentId: string, assignment: Pick<Assignment, 'id' | 'version'>, at: string): WorkRow {
  return {
    id: workId(studentId, assignment.id), studentId, assignmentId: assignment.id, answers: [], assignmentVersion: assignment.version,
    state: 'draft', updatedAt: at, submittedAt: null, receivedAt: null, needsAttentionCode: null, needsAttentionParams: null, serverVersion: null,
  };
}

/** The student's work on this assignment, created (empty, unsent) on first open. */
export async function getOrCreateWork(db: CartableDb, studentId: string, assignment: Pick<Assignment, 'id' | 'version'>): Promise<WorkRow> {
  return db.transaction('rw', db.work, async () => {
    const existing = await db.work.get(workId(studentId, assignment.id));
    if (existing) return existing;
    const w = newWork(studentId, assignment, nowIso());
    await db.work.add(w);
    return w;
  });
}

/** Writes the work and queues a 'work.save' of its whole answer set (coalesced). Inside a transaction. */
async function saveWorkAndQueue(db: CartableDb, w: WorkRow, at: string): Promise<WorkRow> {
  await db.work.put(w);
  const payload: WorkPayload = { assignmentId: w.assignmentId, assignmentVersion: w.assignmentVersion, answers: w.answers, clientAt: at };
  const attachmentIds = w.answers.flatMap((a) => a.attachmentIds ?? []);
  await enqueue(db, { studentId: w.studentId, type: 'work.save', entityId: w.id, baseVersion: w.serverVersion ?? null, payload, attachmentIds }, at);
  return w;
}

/** Replaces one answer of a draft (called on every keystroke or choice). */
export function saveAnswer(db: CartableDb, studentId: string, assignment: Pick<Assignment, 'id' | 'version'>, answer: Answer): Promise<LocalWriteResult<WorkRow>> {
  return guardedWrite(() =>
    db.transaction('rw', [db.work, db.outbox, db.device], async () => {
      const at = nowIso();
      const w = (await db.work.get(workId(studentId, assignment.id))) ?? newWork(studentId, assignment, at);
      const others = w.answers.filter((a) => a.questionId !== answer.questionId);
      // Editing after handing in makes a new draft; the handed-in version stays on the server.
      const next: WorkRow = { ...w, answers: [...others, answer], state: 'draft', updatedAt: at };
      return saveWorkAndQueue(db, next, at);
    }),
  );
}

/** Hands the work in: state 'submitting' until the server confirms ('received'). */
export function submitWork(db: CartableDb, studentId: string, assignmentId: string): Promise<LocalWriteResult<WorkRow>> {
  return guardedWrite(() =>
    db.transaction('rw', [db.work, db.outbox, db.device, db.assignments], async () => {
      const w = await db.work.get(workId(studentId, assignmentId));
      if (!w) throw new LocalWriteError('not_found', 'no work');
      const at = nowIso();
      // Handing in again after being told the assignment changed means "I checked": answer the current version.
      const current = (await db.assignments.get(assignmentId))?.version ?? w.assignmentVersion;
      const version = w.needsAttentionCode === 'assignment_changed' ? Math.max(current, w.assignmentVersion) : w.assignmentVersion;
      const next: WorkRow = { ...w, assignmentVersion: version, state: 'submitting', submittedAt: at, updatedAt: at, needsAttentionCode: null, needsAttentionParams: null };
      await db.work.put(next);
      const payload: WorkPayload = { assignmentId, assignmentVersion: version, answers: w.answers, clientAt: at };
      const attachmentIds = w.answers.flatMap((a) => a.attachmentIds ?? []);
      await enqueue(db, { studentId, type: 'work.submit', entityId: w.id, baseVersion: w.serverVersion ?? null, payload, attachmentIds }, at);
      return next;
    }),
  );
}

export interface NewAttachment {
  studentId: string;
  assignmentId: string;
  questionId: string;
  kind: AttachmentRow['kind'];
  blob: Blob;
  mime: string;
  sha256: string;
}

/** Stores a photo/recording (the Blob is the truth until uploaded), links it to the answer, queues a save. */
export function addAttachment(db: CartableDb, a: NewAttachment): Promise<LocalWriteResult<{ attachmentId: string; work: WorkRow }>> {
  return guardedWrite(() =>
    db.transaction('rw', [db.work, db.outbox, db.device, db.attachments, db.assignments], async () => {
      const at = nowIso();
      const id = crypto.randomUUID();
      const assignment = await db.assignments.get(a.assignmentId);
      const w = (await db.work.get(workId(a.studentId, a.assignmentId))) ?? newWork(a.studentId, { id: a.assignmentId, version: assignment?.version ?? 1 }, at);
      await db.attachments.add({
        id, studentId: a.studentId, assignmentId: a.assignmentId, questionId: a.questionId, kind: a.kind, mime: a.mime, size: a.blob.size,
        sha256: a.sha256, blob: a.blob, createdAt: at, upload: 'pending', uploadedBytes: 0, error: null, deleted: false,
      });
      const prev = w.answers.find((x) => x.questionId === a.questionId) ?? { questionId: a.questionId };
      const answer = { ...prev, attachmentIds: [...(prev.attachmentIds ?? []), id] };
      const next: WorkRow = { ...w, answers: [...w.answers.filter((x) => x.questionId !== a.questionId), answer], state: 'draft', updatedAt: at };
      return { attachmentId: id, work: await saveWorkAndQueue(db, next, at) };
    }),
  );
}

/**
 * Replaces a photo/recording by a new one already prepared (compressed, hashed), in ONE
 * transaction: the new one takes the old one's place in the answer, the old one is marked
 * deleted. Nothing is removed before the new Blob is stored, so a failed retake keeps the
 * old photo.
 */
export function replaceAttachment(db: CartableDb, oldId: string, a: NewAttachment): Promise<LocalWriteResult<{ attachmentId: string; work: WorkRow }>> {
  return guardedWrite(() =>
    db.transaction('rw', [db.work, db.outbox, db.device, db.attachments, db.assignments], async () => {
      const old = await db.attachments.get(oldId);
      if (!old || old.studentId !== a.studentId || old.deleted) throw new LocalWriteError('not_found', 'no attachment');
      const w = await db.work.get(workId(a.studentId, old.assignmentId));
      if (!w) throw new LocalWriteError('not_found', 'no work');
      const at = nowIso();
      const id = crypto.randomUUID();
      await db.attachments.add({
        id, studentId: a.studentId, assignmentId: old.assignmentId, questionId: old.questionId, kind: a.kind, mime: a.mime, size: a.blob.size,
        sha256: a.sha256, blob: a.blob, createdAt: at, upload: 'pending', uploadedBytes: 0, error: null, deleted: false,
      });
      await db.attachments.update(oldId, { deleted: true });
      const answers = w.answers.map((x) => (x.attachmentIds?.includes(oldId) ? { ...x, attachmentIds: x.attachmentIds.map((i) => (i === oldId ? id : i)) } : x));
      return { attachmentId: id, work: await saveWorkAndQueue(db, { ...w, answers, state: 'draft', updatedAt: at }, at) };
    }),
  );
}

/** Unlinks a photo/recording from its answer. The row is kept (marked deleted) while the outbox may still refer to it. */
export function removeAttachment(db: CartableDb, studentId: string, attachmentId: string): Promise<LocalWriteResult<WorkRow>> {
  return guardedWrite(() =>
    db.transaction('rw', [db.work, db.outbox, db.device, db.attachments], async () => {
      const att = await db.attachments.get(attachmentId);
      if (!att || att.studentId !== studentId) throw new LocalWriteError('not_found', 'no attachment');
      const w = await db.work.get(workId(studentId, att.assignmentId));
      if (!w) throw new LocalWriteError('not_found', 'no work');
      const at = nowIso();
      await db.attachments.update(attachmentId, { deleted: true });
      const answers = w.answers.map((x) => (x.attachmentIds?.includes(attachmentId) ? { ...x, attachmentIds: x.attachmentIds.filter((i) => i !== attachmentId) } : x));
      return saveWorkAndQueue(db, { ...w, answers, state: 'draft', updatedAt: at }, at);
    }),
  );
}

/** Sends a refused change again (after the teacher fixed the cause): fresh mutation ids, same work. */
export function retryRejected(db: CartableDb, studentId: string, assignmentId: string): Promise<LocalWriteResult<number>> {
  return guardedWrite(() =>
    db.transaction('rw', [db.work, db.outbox, db.device], async () => {
      const id = workId(studentId, assignmentId);
      const rejected = await entriesOf(db, studentId, id).filter((o) => o.state === 'rejected').sortBy('seq');
      for (const o of rejected) {
        await db.outbox.delete(o.seq);
        await enqueue(db, { studentId, type: o.type, entityId: o.entityId, baseVersion: o.baseVersion, payload: o.payload, attachmentIds: o.attachmentIds }, nowIso());
      }
      await db.work.update(id, { needsAttentionCode: null, needsAttentionParams: null });
      return rejected.length;
    }),
  );
}

/** The student saw that the teacher changed the assignment: their draft now answers the current version. */
export function acknowledgeAssignmentChange(db: CartableDb, studentId: string, assignmentId: string): Promise<LocalWriteResult<WorkRow>> {
  return guardedWrite(() =>
    db.transaction('rw', [db.work, db.outbox, db.device, db.assignments], async () => {
      const w = await db.work.get(workId(studentId, assignmentId));
      const a = await db.assignments.get(assignmentId);
      if (!w || !a) throw new LocalWriteError('not_found', 'no work');
      const at = nowIso();
      return saveWorkAndQueue(db, { ...w, assignmentVersion: a.version, needsAttentionCode: null, needsAttentionParams: null, updatedAt: at }, at);
    }),
  );
}
