/**
 * What is still to send from this tablet — outbox entries and photos/recordings not yet
 * uploaded (deleted ones excluded) — for one student or the whole device. One definition,
 * read by the sync worker (status, device report) and by the page before the worker's
 * first status arrives.
 */
import type { CartableDb } from './schema.ts';

export interface WaitingSummary {
  /** Outbox entries and attachments still to send. */
  items: number;
  /** Their approximate size on the wire. */
  bytes: number;
  /** How many pieces of work (assignments) they belong to: what a pupil counts (« 2 devoirs »). */
  works: number;
}

export const NOTHING_WAITING: WaitingSummary = { items: 0, bytes: 0, works: 0 };

/** Whose work waits on the tablet: per pupil, how many pieces of work (the device report names them for the console). */
export async function waitingByStudent(db: CartableDb): Promise<{ studentId: string; works: number }[]> {
  const [pending, uploads] = await Promise.all([db.outbox.where('state').equals('pending').toArray(), db.attachments.where('upload').anyOf('pending', 'uploading').toArray()]);
  const works = new Map<string, Set<string>>();
  const add = (studentId: string, work: string) => works.set(studentId, (works.get(studentId) ?? new Set()).add(work));
  for (const o of pending) add(o.studentId, o.entityId);
  for (const a of uploads) if (!a.deleted) add(a.studentId, `${a.studentId}:${a.assignmentId}`);
  return [...works].map(([studentId, w]) => ({ studentId, works: w.size })).sort((a, b) => (a.studentId < b.studentId ? -1 : 1));
}

/** Items, bytes and works still to send, for `studentId` (or every student on the tablet). */
export async function waitingSummary(db: CartableDb, studentId?: string): Promise<WaitingSummary> {
  const [pending, uploads] = await Promise.all([
    (studentId ? db.outbox.where('[studentId+state]').equals([studentId, 'pending']) : db.outbox.where('state').equals('pending')).toArray(),
    (studentId
      ? db.attachments.where('[studentId+upload]').anyOf([[studentId, 'pending'], [studentId, 'uploading']])
      : db.attachments.where('upload').anyOf('pending', 'uploading')
    ).toArray(),
  ]);
  const atts = uploads.filter((a) => !a.deleted);
  const works = new Set([...pending.map((o) => o.entityId), ...atts.map((a) => `${a.studentId}:${a.assignmentId}`)]);
  return {
    items: pending.length + atts.length,
    bytes: pending.reduce((n, o) => n + (o.bytes ?? 0), 0) + atts.reduce((n, a) => n + Math.max(0, a.size - a.uploadedBytes), 0),
    works: works.size,
  };
}
