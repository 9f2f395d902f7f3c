/**
 * The teacher's follow-up reaches the tablet through the sync (issue 13), on the real
 * in-process server and fake-indexeddb: a copy sent back to redo comes back as a draft with its
 * answers and the message (and handing it in again is the next revision); a pupil's own due
 * date and a reminder arrive with the copy; a reminder closed on the tablet stays closed; the
 * spoken comment of a returned copy is among the URLs the worker caches for offline use.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/test-app.ts';
import { useSyncServer } from '../../helpers/sync-server.ts';
import { createClass, createStudent, enrolDevice, makeTablet, openSession, publishAssignment, type School } from '../../helpers/sync-fixtures.ts';
import { SyncController } from '../../../src/sync/worker/sync-controller.ts';
import { saveAnswer, submitWork, workId } from '../../../src/db/work-repository.ts';
import { loadWorkInputs } from '../../../src/ui/common/work-inputs.ts';
import { reconcileWork } from '../../../src/db/reconcile-work.ts';
import { loadHomeData } from '../../../src/ui/home/home-data.ts';
import { dismissNotice } from '../../../src/db/notice-repository.ts';
import { mediaUrlsFor } from '../../../src/db/lesson-media.ts';
import type { UserActor } from '../../../server/access/actor.ts';
import type { CartableDb } from '../../../src/db/schema.ts';

let t: TestApp;
let url: string;
let school: School;
useSyncServer((started) => ({ t, url, school } = started));

async function setUp() {
  const classId = createClass(t.store, school);
  const lea = createStudent(t.store, school, classId, 'Léa');
  const assignmentId = publishAssignment(t.store, school, { classId });
  const device = enrolDevice(t.store, school, classId);
  const db = await makeTablet(device, school, [{ studentId: lea, classId, token: openSession(t.store, lea, device.deviceId) }]);
  const teacher: UserActor = { kind: 'user', userId: school.teacherId, role: 'teacher', schoolId: school.schoolId };
  const sync = () => new SyncController({ db, baseUrl: url, appVersion: 'test', uploader: null, timers: false }).syncNow('button');
  return { classId, lea, assignmentId, db, teacher, sync, scope: { studentId: lea, classId, groupIds: new Set<string>() } };
}

const viewOf = async (db: CartableDb, studentId: string, assignmentId: string) => {
  const a = (await db.assignments.get(assignmentId))!;
  return reconcileWork((await loadWorkInputs(db, studentId, [a])).get(assignmentId)!);
};

describe('the teacher’s follow-up on the tablet', () => {
  it('a copy sent back comes back « À refaire » with the message and the pupil’s answers; handing in again is the next revision', async () => {
    const s = await setUp();
    await s.sync();
    await saveAnswer(s.db, s.lea, { id: s.assignmentId, version: 1 }, { questionId: 'q1', text: 'Ma première réponse' });
    await submitWork(s.db, s.lea, s.assignmentId);
    await s.sync();
    expect((await viewOf(s.db, s.lea, s.assignmentId)).status).toBe('received');

    const sub = (await s.db.submissions.where('studentId').equals(s.lea).first())!;
    await t.store.services.followUp.sendBack(s.teacher, sub.id, 'Développe ta réponse.');
    await s.sync();
    const view = await viewOf(s.db, s.lea, s.assignmentId);
    expect(view).toMatchObject({ status: 'redo', sentBack: { message: 'Développe ta réponse.' } });
    expect((await s.db.work.get(workId(s.lea, s.assignmentId)))?.answers).toEqual([{ questionId: 'q1', text: 'Ma première réponse' }]);
    const home = await loadHomeData(s.db, s.scope);
    expect(home.groups.todo.map((i) => i.view.status)).toEqual(['redo']);

    await saveAnswer(s.db, s.lea, { id: s.assignmentId, version: 1 }, { questionId: 'q1', text: 'Ma réponse développée' });
    await submitWork(s.db, s.lea, s.assignmentId);
    await s.sync();
    const after = await s.db.submissions.get(sub.id);
    expect(after).toMatchObject({ state: 'submitted', resubmitted: true, submitted: { number: 2 } }); // the edit and the hand-in travel as one mutation: the 2nd revision
    expect((await viewOf(s.db, s.lea, s.assignmentId)).status).toBe('received');
  });

  it('a due date of her own and a reminder arrive with the copy; a closed reminder stays closed', async () => {
    const s = await setUp();
    await s.sync();
    const due = '2031-05-20T16:00:00.000Z';
    await t.store.services.followUp.setDue(s.teacher, s.assignmentId, s.lea, due);
    await t.store.services.followUp.remind(s.teacher, s.assignmentId, 'N’oublie pas ton devoir.');
    await s.sync();
    const home = await loadHomeData(s.db, s.scope);
    expect(home.groups.todo[0]).toMatchObject({ dueAt: due, view: { dueAt: due } });
    expect(home.reminders).toHaveLength(1);
    expect(home.reminders[0]!.reminder).toMatchObject({ message: 'N’oublie pas ton devoir.', byName: 'Mme Prof' });
    await dismissNotice(s.db, s.lea, home.reminders[0]!.reminder.id);
    expect((await loadHomeData(s.db, s.scope)).reminders).toEqual([]);
    await s.sync();
    expect((await loadHomeData(s.db, s.scope)).reminders).toEqual([]);
  });

  it('the spoken comment of a returned copy is cached for offline use with the lesson media', async () => {
    const s = await setUp();
    await s.sync();
    await saveAnswer(s.db, s.lea, { id: s.assignmentId, version: 1 }, { questionId: 'q1', text: 'Réponse' });
    await submitWork(s.db, s.lea, s.assignmentId);
    await s.sync();
    const sub = (await s.db.submissions.where('studentId').equals(s.lea).first())!;
    const webm = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x87, 0x42, 0x82, 0x84, ...new TextEncoder().encode('webm'), 9, 9, 9]);
    const fb = await t.store.services.feedbackAudio.attach(s.teacher, sub.id, { body: webm, detectedExt: 'webm', durationMs: 3000 });
    await s.sync();
    expect(await mediaUrlsFor(s.db, s.lea)).not.toContain(fb.audio!.url); // not returned yet
    await t.store.services.marking.returnFeedback(s.teacher, sub.id);
    await s.sync();
    expect(await mediaUrlsFor(s.db, s.lea)).toContain(fb.audio!.url);
    expect((await s.db.feedback.where('studentId').equals(s.lea).first())?.audio).toMatchObject({ durationMs: 3000 });
  });
});
