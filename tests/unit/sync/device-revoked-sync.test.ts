/**
 * A withdrawn tablet never strands work (issue 19): the sync engine on fake-indexeddb against
 * the real server over HTTP. Work made offline stays through a revocation (no session
 * dropped, no « session expirée »), the report names whose work waits, re-enrolment with a
 * new code delivers it under the same pupil, and only « perdue ou volée » erases pupils' data.
 */
import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import type { TestApp } from '../../helpers/test-app.ts';
import { useSyncServer } from '../../helpers/sync-server.ts';
import { createClass, createStudent, enrolDevice, makeTablet, openSession, publishAssignment, type School } from '../../helpers/sync-fixtures.ts';
import { SyncEngine } from '../../../src/sync/worker/sync-engine.ts';
import type { CartableDb } from '../../../src/db/schema.ts';
import { addAttachment, saveAnswer, submitWork } from '../../../src/db/work-repository.ts';
import { loadAttachmentUploader } from '../../../src/sync/worker/attachment-uploads.ts';
import { keptWorkByStudent } from '../../../src/db/device-refusal.ts';
import { saveEnrolment } from '../../../src/db/session-repository.ts';
import { enrolDevice as enrolOverHttp } from '../../../src/sync/page/api-client.ts';
import { SYSTEM } from '../../../server/access/actor.ts';
import type { Assignment } from '../../../src/protocol/entities.ts';

let t: TestApp;
let url: string;
let school: School;
useSyncServer((started) => ({ t, url, school } = started));

const engine = (db: CartableDb) => new SyncEngine({ db, baseUrl: url, appVersion: 'test', uploader: null });

async function setup() {
  const classId = createClass(t.store, school);
  const hugo = createStudent(t.store, school, classId, 'Hugo');
  const lea = createStudent(t.store, school, classId, 'Léa');
  const assignmentId = publishAssignment(t.store, school, { classId });
  const second = publishAssignment(t.store, school, { classId, title: 'Deuxième' });
  const device = enrolDevice(t.store, school, classId);
  const db = await makeTablet(device, school, [hugo, lea].map((studentId) => ({ studentId, classId, token: openSession(t.store, studentId, device.deviceId) })));
  expect((await engine(db).runCycle()).ok).toBe(true);
  const assignments = [(await db.assignments.get(assignmentId)) as Assignment, (await db.assignments.get(second)) as Assignment];
  return { classId, hugo, lea, assignments, device, db };
}

/** Hugo answers and hands in both assignments on the tablet, offline. */
async function handInOffline(s: Awaited<ReturnType<typeof setup>>) {
  for (const a of s.assignments) {
    await saveAnswer(s.db, s.hugo, a, { questionId: 'q1', text: `Réponse de Hugo à ${a.title}` });
    expect((await submitWork(s.db, s.hugo, a.id)).ok).toBe(true);
  }
}
const serverState = (assignmentId: string, studentId: string) =>
  t.store.db.prepare('SELECT state FROM submissions WHERE assignment_id = ? AND student_id = ?').pluck().get(assignmentId, studentId) as string | undefined;
const deviceRow = (id: string) => t.store.db.prepare('SELECT revoked_at, lost_at, pending_students FROM devices WHERE id = ?').get(id) as { revoked_at: string | null; lost_at: string | null; pending_students: string | null };

describe('a withdrawn tablet keeps its work and delivers it after re-enrolment', () => {
  it('the report names whose work waits, when it cannot be sent', async () => {
    const s = await setup();
    await handInOffline(s);
    // Hugo's session is gone (signed out): his work waits; Léa's sync carries the report.
    await s.db.localSessions.update(s.hugo, { token: null });
    expect((await engine(s.db).runCycle()).ok).toBe(true);
    expect(JSON.parse(deviceRow(s.device.deviceId).pending_students!)).toEqual([{ studentId: s.hugo, works: 2 }]);
  });

  it('revoked: the engine says device_revoked, keeps sessions and work; re-enrolled, the work arrives as Hugo’s, handed in', async () => {
    const s = await setup();
    await handInOffline(s);
    await t.store.services.devices.revoke(SYSTEM, s.device.deviceId);
    const out = await engine(s.db).runCycle();
    expect(out).toMatchObject({ ok: false, error: { code: 'device_revoked' } });
    expect((await s.db.device.get('device'))?.refusal).toBe('device_revoked');
    // Its refused push still told the server that Hugo's two hand-ins are on it (the class screen stays honest).
    expect(JSON.parse(deviceRow(s.device.deviceId).pending_students!)).toEqual([{ studentId: s.hugo, works: 2 }]);
    expect((await s.db.localSessions.get(s.hugo))?.token).toBeTruthy(); // not « session expirée »
    expect(await s.db.outbox.count()).toBe(2);
    expect(await keptWorkByStudent(s.db)).toEqual([{ studentId: s.hugo, firstName: 'X', lastName: 'Y', works: 2 }]);
    expect(serverState(s.assignments[0]!.id, s.hugo)).toBeUndefined();

    const code = await t.store.services.devices.issueCode(SYSTEM, { classId: s.classId, schoolId: school.schoolId, createdBy: school.teacherId });
    const device = (await s.db.device.get('device'))!;
    const again = await enrolOverHttp({ code: code.code, name: device.name, previousDeviceToken: device.deviceToken }, { baseUrl: url });
    expect(again.deviceId).toBe(s.device.deviceId);
    await saveEnrolment(s.db, again, device.name);
    expect((await s.db.device.get('device'))?.refusal).toBeUndefined();
    const after = await engine(s.db).runCycle();
    expect(after).toMatchObject({ ok: true, pushed: 2 });
    expect(await s.db.outbox.count()).toBe(0);
    for (const a of s.assignments) expect(serverState(a.id, s.hugo)).toBe('submitted');
    expect(deviceRow(s.device.deviceId).pending_students).toBeNull();
  });

  it('reactivated instead, the tablet forgets the refusal at its next sync and sends the work', async () => {
    const s = await setup();
    await handInOffline(s);
    await t.store.services.devices.revoke(SYSTEM, s.device.deviceId);
    expect((await engine(s.db).runCycle()).error?.code).toBe('device_revoked');
    await t.store.services.devices.reactivate(SYSTEM, s.device.deviceId);
    expect(await engine(s.db).runCycle()).toMatchObject({ ok: true, pushed: 2 });
    expect((await s.db.device.get('device'))?.refusal).toBeUndefined();
  });

  it('lost or stolen: at its next contact the tablet erases its pupils’ data and says so', async () => {
    const s = await setup();
    await handInOffline(s);
    await t.store.services.devices.revoke(SYSTEM, s.device.deviceId, { lost: true });
    const out = await engine(s.db).runCycle();
    expect(out).toMatchObject({ ok: false, error: { code: 'device_lost' } });
    const device = await s.db.device.get('device');
    expect(device).toMatchObject({ refusal: 'device_lost', erasedAt: expect.any(String) });
    for (const table of ['localSessions', 'students', 'work', 'outbox', 'attachments', 'submissions', 'feedback', 'syncState'] as const) {
      expect(await s.db.table(table).count(), table).toBe(0);
    }
    expect(deviceRow(s.device.deviceId).lost_at).toBeTruthy();
  });

  it('withdrawn, the tablet reports what it holds at every attempt, even with nothing new to say: the class screen learns it is still there', async () => {
    const s = await setup();
    await handInOffline(s);
    await s.db.localSessions.update(s.hugo, { token: null }); // Hugo's work waits; Léa's sync carries the report
    expect((await engine(s.db).runCycle()).ok).toBe(true);
    await t.store.services.devices.revoke(SYSTEM, s.device.deviceId);
    const row = () => t.store.db.prepare('SELECT revoked_at, last_sync_at, pending_students FROM devices WHERE id = ?').get(s.device.deviceId) as { revoked_at: string; last_sync_at: string; pending_students: string };
    // Its first refused contact is a pull with nothing new to report (the report is sent only when it changes).
    expect((await engine(s.db).runCycle()).error?.code).toBe('device_revoked');
    expect(Date.parse(row().last_sync_at)).toBeLessThan(Date.parse(row().revoked_at));
    // Known refused, it sends its report with every attempt: recorded after the withdrawal.
    expect((await engine(s.db).runCycle()).error?.code).toBe('device_revoked');
    expect(Date.parse(row().last_sync_at)).toBeGreaterThanOrEqual(Date.parse(row().revoked_at));
    expect(JSON.parse(row().pending_students)).toEqual([{ studentId: s.hugo, works: 2 }]);
  });

  it('a photo waiting on a withdrawn tablet stays waiting (never « refused »), is reported, and goes out once enrolled again', async () => {
    const uploader = (await loadAttachmentUploader())!;
    const classId = createClass(t.store, school);
    const noah = createStudent(t.store, school, classId, 'Noah');
    const assignmentId = publishAssignment(t.store, school, { classId, questions: [{ id: 'p1', kind: 'photo', prompt: 'Photographie ta feuille.', points: 5 }] });
    const device = enrolDevice(t.store, school, classId);
    const db = await makeTablet(device, school, [{ studentId: noah, classId, token: openSession(t.store, noah, device.deviceId) }]);
    const sync = () => new SyncEngine({ db, baseUrl: url, appVersion: 'test', uploader }).runCycle();
    expect((await sync()).ok).toBe(true);
    // Offline, Noah photographs his sheet and hands it in; meanwhile the tablet is withdrawn.
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), randomBytes(40_000), Buffer.from([0xff, 0xd9])]);
    const added = await addAttachment(db, { studentId: noah, assignmentId, questionId: 'p1', kind: 'photo', blob: new Blob([bytes], { type: 'image/jpeg' }), mime: 'image/jpeg', sha256: createHash('sha256').update(bytes).digest('hex') });
    if (!added.ok) throw new Error(added.code);
    await submitWork(db, noah, assignmentId);
    await t.store.services.devices.revoke(SYSTEM, device.deviceId);
    const revokedAt = deviceRow(device.deviceId).revoked_at!;

    expect(await sync()).toMatchObject({ ok: false, error: { code: 'device_revoked' } });
    expect(await db.attachments.get(added.value.attachmentId).then((a) => ({ upload: a?.upload, error: a?.error }))).toEqual({ upload: 'pending', error: null });
    // Refused, it still said what it holds: Noah's work (the push's report).
    expect(JSON.parse(deviceRow(device.deviceId).pending_students!)).toEqual([{ studentId: noah, works: 1 }]);
    const lastSync = () => t.store.db.prepare('SELECT last_sync_at FROM devices WHERE id = ?').pluck().get(device.deviceId) as string;
    expect(Date.parse(lastSync())).toBeGreaterThanOrEqual(Date.parse(revokedAt));
    // An older app had marked such a photo 'failed': enrolled again, it waits again, and everything goes out as Noah's.
    await db.attachments.update(added.value.attachmentId, { upload: 'failed', error: 'device_revoked' });
    const code = await t.store.services.devices.issueCode(SYSTEM, { classId, schoolId: school.schoolId, createdBy: school.teacherId });
    const row = (await db.device.get('device'))!;
    await saveEnrolment(db, await enrolOverHttp({ code: code.code, name: row.name, previousDeviceToken: row.deviceToken }, { baseUrl: url }), row.name);
    expect((await db.attachments.get(added.value.attachmentId))?.upload).toBe('pending');
    const out = await sync();
    expect(out.ok, out.error?.code).toBe(true);
    expect((await db.attachments.get(added.value.attachmentId))?.upload).toBe('uploaded');
    expect(serverState(assignmentId, noah)).toBe('submitted');
    expect(t.store.db.prepare('SELECT complete, student_id FROM attachments WHERE id = ?').get(added.value.attachmentId)).toEqual({ complete: 1, student_id: noah });
  });
});
