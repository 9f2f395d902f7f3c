/**
 * The teacher's notices a pupil closed on this tablet (a reminder shows once: until « J'ai
 * compris »). Local only — nothing to sync: the reminder itself is recorded on the server.
 * Every read is by student.
 */
import type { CartableDb } from './schema.ts';

/** The ids of the notices `studentId` closed. */
export async function dismissedNoticeIds(db: CartableDb, studentId: string): Promise<Set<string>> {
  const rows = await db.dismissedNotices.where('studentId').equals(studentId).toArray();
  return new Set(rows.filter((r) => r.studentId === studentId).map((r) => r.noticeId));
}

/** Closes a notice for `studentId` (closing it twice is harmless). */
export async function dismissNotice(db: CartableDb, studentId: string, noticeId: string, at = new Date()): Promise<void> {
  await db.dismissedNotices.put({ id: `${studentId}:${noticeId}`, studentId, noticeId, dismissedAt: at.toISOString() });
}
