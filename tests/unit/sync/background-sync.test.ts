/**
 * The service worker's own sync (no page open): one cycle of the real engine against the real
 * server. Answers go out; a photo still in an answer waits for the app (the SW has no
 * XMLHttpRequest for tus); a photo deleted or retaken since, that no save names any more, does
 * not hold the answers back (it did: such a photo stays « pending » on the tablet forever).
 */
import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import type { TestApp } from '../../helpers/test-app.ts';
import { useSyncServer } from '../../helpers/sync-server.ts';
import { createClass, createStudent, enrolDevice, makeTablet, openSession, publishAssignment, type School } from '../../helpers/sync-fixtures.ts';
import { SyncEngine } from '../../../src/sync/worker/sync-engine.ts';
import { backgroundSync } from '../../../src/sync/worker/background-sync.ts';
import { addAttachment, removeAttachment, saveAnswer } from '../../../src/db/work-repository.ts';
import { attachmentsToSend } from '../../../src/db/attachments-to-send.ts';

let t: TestApp;
let url: string;
let school: School;
useSyncServer((started) => ({ t, url, school } = started));

const photo = () => {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2_000), Buffer.from([0xff, 0xd9])]);
  return { blob: new Blob([bytes], { type: 'image/jpeg' }), mime: 'image/jpeg', sha256: createHash('sha256').update(bytes).digest('hex') };
};

async function tablet() {
  const classId = createClass(t.store, school);
  const studentId = createStudent(t.store, school, classId);
  const assignmentId = publishAssignment(t.store, school, {
    classId, questions: [{ id: 'q1', kind: 'text', prompt: 'Écris.', points: 1 }, { id: 'p1', kind: 'photo', prompt: 'Photographie.', points: 1 }],
  });
  const device = enrolDevice(t.store, school, classId);
  const db = await makeTablet(device, school, [{ studentId, classId, token: openSession(t.store, studentId, device.deviceId) }]);
  expect((await new SyncEngine({ db, baseUrl: url, appVersion: 'test', uploader: null }).runCycle()).ok).toBe(true);
  const assignment = (await db.assignments.get(assignmentId))!;
  return { db, studentId, assignmentId, assignment };
}

const storedText = (studentId: string) => t.store.db.prepare(
  'SELECT r.answers_json FROM submission_revisions r JOIN submissions s ON s.latest_revision_id = r.id WHERE s.student_id = ?',
).pluck().get(studentId) as string | undefined;

describe('background sync (service worker, no page open)', () => {
  it('sends the answers typed offline', async () => {
    const s = await tablet();
    expect((await saveAnswer(s.db, s.studentId, s.assignment, { questionId: 'q1', text: 'écrit hors ligne' })).ok).toBe(true);
    expect(await backgroundSync(s.db, { baseUrl: url, appVersion: 'test' })).toMatchObject({ ok: true, pushed: 1 });
    expect(storedText(s.studentId)).toContain('écrit hors ligne');
  });

  it('leaves everything to the app while a photo in an answer waits', async () => {
    const s = await tablet();
    const added = await addAttachment(s.db, { studentId: s.studentId, assignmentId: s.assignmentId, questionId: 'p1', kind: 'photo', ...photo() });
    expect(added.ok).toBe(true);
    expect(await backgroundSync(s.db, { baseUrl: url, appVersion: 'test' })).toBe('attachments-wait-for-the-app');
    expect(storedText(s.studentId)).toBeUndefined();
  });

  it('a photo deleted since, that no save names any more, does not hold the answers back', async () => {
    const s = await tablet();
    const added = await addAttachment(s.db, { studentId: s.studentId, assignmentId: s.assignmentId, questionId: 'p1', kind: 'photo', ...photo() });
    if (!added.ok) throw new Error(added.code);
    expect((await removeAttachment(s.db, s.studentId, added.value.attachmentId)).ok).toBe(true);
    expect((await saveAnswer(s.db, s.studentId, s.assignment, { questionId: 'q1', text: 'sans la photo' })).ok).toBe(true);
    // Kept on the tablet (deleted), but nothing waits for it.
    expect(await s.db.attachments.get(added.value.attachmentId)).toMatchObject({ deleted: true, upload: 'pending' });
    expect(await attachmentsToSend(s.db)).toEqual([]);
    expect(await backgroundSync(s.db, { baseUrl: url, appVersion: 'test' })).toMatchObject({ ok: true, pushed: 1 });
    expect(storedText(s.studentId)).toContain('sans la photo');
  });
});
