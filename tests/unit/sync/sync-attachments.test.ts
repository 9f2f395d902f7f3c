/**
 * A photo answer end to end: stored as a Blob with its answer and outbox entry, uploaded by
 * the media area's uploader at the start of the cycle (before the push), then handed in:
 * the server's submission is complete, and the bytes are identical (checksum).
 */
import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import type { TestApp } from '../../helpers/test-app.ts';
import { useSyncServer } from '../../helpers/sync-server.ts';
import { createClass, createStudent, enrolDevice, makeTablet, openSession, publishAssignment, type School } from '../../helpers/sync-fixtures.ts';
import { SyncEngine } from '../../../src/sync/worker/sync-engine.ts';
import { loadAttachmentUploader } from '../../../src/sync/worker/attachment-uploads.ts';
import { addAttachment, submitWork } from '../../../src/db/work-repository.ts';

let t: TestApp;
let url: string;
let school: School;
useSyncServer((started) => ({ t, url, school } = started));

describe('attachments in the sync cycle', () => {
  it('uploads the photo before pushing the hand-in: the submission arrives complete', async () => {
    const uploader = await loadAttachmentUploader();
    expect(uploader).toBeTypeOf('function');
    const classId = createClass(t.store, school);
    const studentId = createStudent(t.store, school, classId);
    const assignmentId = publishAssignment(t.store, school, {
      classId, questions: [{ id: 'p1', kind: 'photo', prompt: 'Photographie ta feuille.', points: 5 }],
    });
    const device = enrolDevice(t.store, school, classId);
    const db = await makeTablet(device, school, [{ studentId, classId, token: openSession(t.store, studentId, device.deviceId) }]);
    const engine = new SyncEngine({ db, baseUrl: url, appVersion: 'test', uploader });
    expect((await engine.runCycle()).ok).toBe(true);

    // JPEG magic (the server checks the content is what it claims), then noise.
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), randomBytes(300_000), Buffer.from([0xff, 0xd9])]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const added = await addAttachment(db, { studentId, assignmentId, questionId: 'p1', kind: 'photo', blob: new Blob([bytes], { type: 'image/jpeg' }), mime: 'image/jpeg', sha256 });
    if (!added.ok) throw new Error(added.code);
    await submitWork(db, studentId, assignmentId);
    const out = await engine.runCycle();
    expect(out.ok, out.error?.code).toBe(true);
    expect(await db.attachments.get(added.value.attachmentId).then((a) => ({ upload: a?.upload, error: a?.error }))).toEqual({ upload: 'uploaded', error: null });
    const sub = (await db.submissions.where({ studentId, assignmentId }).first())!;
    expect(sub).toMatchObject({ state: 'submitted', complete: true });
    expect(sub.submitted?.answers).toEqual([{ questionId: 'p1', attachmentIds: [added.value.attachmentId] }]);
    const row = t.store.db.prepare('SELECT sha256, complete, student_id FROM attachments WHERE id = ?').get(added.value.attachmentId);
    expect(row).toEqual({ sha256, complete: 1, student_id: studentId });
  });
});
