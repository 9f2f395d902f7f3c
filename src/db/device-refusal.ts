/**
 * When the school server refuses this tablet (issue 19), from the sync worker or the sign-in:
 * - `device_revoked` (an adult withdrew it): it remembers so, and KEEPS everything — pupils'
 *   sessions, work, photos and outbox — so that once enrolled again (same id: the server
 *   recognises its old token) the kept work goes out under the same pupils;
 * - `device_lost` (declared lost or stolen): the only case where pupils' data is erased —
 *   sessions, work, photos, outbox, submissions, corrections, sync state and the roster — in
 *   one transaction; the tablet then shows that it was erased and can be enrolled afresh.
 * A tablet that syncs again (reactivated) forgets the refusal.
 */
import type { CartableDb } from './schema.ts';
import { retryTabletRefusedUploads } from './session-repository.ts';

export type DeviceRefusalCode = 'device_revoked' | 'device_lost';

/** Whether a server error code says this tablet is refused. */
export const isDeviceRefusal = (code: unknown): code is DeviceRefusalCode => code === 'device_revoked' || code === 'device_lost';

/** The tables holding pupils' data (everything but the enrolment row and class content). */
const PUPIL_TABLES = ['localSessions', 'students', 'submissions', 'feedback', 'work', 'attachments', 'outbox', 'syncState', 'uploadUrls', 'diaryVisits'] as const;

/** Records the refusal; for a lost tablet, erases its pupils' data first. Idempotent. */
export async function markDeviceRefused(db: CartableDb, code: DeviceRefusalCode, at = new Date()): Promise<void> {
  const tables = code === 'device_lost' ? PUPIL_TABLES.map((t) => db.table(t)) : [];
  await db.transaction('rw', [db.device, ...tables], async () => {
    const device = await db.device.get('device');
    if (!device) return;
    if (code === 'device_lost') {
      for (const t of tables) await t.clear();
      await db.device.put({ ...device, refusal: 'device_lost', erasedAt: device.erasedAt ?? at.toISOString() });
    } else if (device.refusal !== 'device_lost') {
      await db.device.put({ ...device, refusal: 'device_revoked' });
    }
  });
}

/** The server answered this tablet again (reactivated): it is enrolled as before. */
export async function clearDeviceRefusal(db: CartableDb): Promise<void> {
  await db.transaction('rw', db.device, db.attachments, async () => {
    const device = await db.device.get('device');
    if (device?.refusal === 'device_revoked') {
      const { refusal: _gone, ...rest } = device;
      await db.device.put(rest);
    }
    await retryTabletRefusedUploads(db);
  });
}


/** What a withdrawn tablet keeps, per pupil who signed in on it: shown so nobody fears it is lost. */
export async function keptWorkByStudent(db: CartableDb): Promise<{ studentId: string; firstName: string; lastName: string; works: number }[]> {
  const sessions = await db.localSessions.toArray();
  const byStudent = new Map<string, Set<string>>();
  const add = (studentId: string, work: string) => byStudent.set(studentId, (byStudent.get(studentId) ?? new Set()).add(work));
  for (const o of await db.outbox.toArray()) add(o.studentId, o.entityId);
  for (const a of await db.attachments.where('upload').anyOf('pending', 'uploading').toArray()) if (!a.deleted) add(a.studentId, `${a.studentId}:${a.assignmentId}`);
  return sessions
    .filter((s) => byStudent.has(s.studentId))
    .map((s) => ({ studentId: s.studentId, firstName: s.firstName, lastName: s.lastName, works: byStudent.get(s.studentId)!.size }))
    .sort((a, b) => a.firstName.localeCompare(b.firstName, 'fr'));
}
