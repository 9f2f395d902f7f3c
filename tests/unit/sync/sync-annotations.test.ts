/**
 * The teacher's annotations reach the tablet through the normal sync, with the returned copy
 * only (issue 13): a layer drawn before the return is not in the tablet's IndexedDB; after
 * the return it is, inside the feedback; an edit after the return arrives at the next return.
 */
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/test-app.ts';
import { useSyncServer } from '../../helpers/sync-server.ts';
import { createClass, createStudent, enrolDevice, makeTablet, openSession, publishAssignment, type School } from '../../helpers/sync-fixtures.ts';
import { insertPhotoSubmission } from '../../helpers/photo-submission.ts';
import { SyncEngine } from '../../../src/sync/worker/sync-engine.ts';
import { SYSTEM } from '../../../server/access/actor.ts';
import type { AnnotationMark } from '../../../src/protocol/annotations.ts';

let t: TestApp;
let url: string;
let school: School;
useSyncServer((started) => ({ t, url, school } = started));

const MARKS: AnnotationMark[] = [
  { kind: 'circle', colour: 'red', cx: 0.4, cy: 0.3, rx: 0.2, ry: 0.1 },
  { kind: 'cross', colour: 'red', x: 0.7, y: 0.3 },
  { kind: 'text', colour: 'red', x: 0.1, y: 0.6, text: 'Revois la retenue' },
];

describe('annotations in the sync', () => {
  it('arrive on the tablet with the return only, and an edit after it with the next return', async () => {
    const classId = createClass(t.store, school);
    const studentId = createStudent(t.store, school, classId);
    const assignmentId = publishAssignment(t.store, school, { classId, questions: [{ id: 'q1', kind: 'photo', prompt: 'Photographie ta feuille.', points: 4 }] });
    const device = enrolDevice(t.store, school, classId);
    const db = await makeTablet(device, school, [{ studentId, classId, token: openSession(t.store, studentId, device.deviceId) }]);
    const sync = async () => expect((await new SyncEngine({ db, baseUrl: url, appVersion: 'test', fetch, uploader: null }).runCycle()).ok).toBe(true);
    await sync();

    const { submissionId, attachmentId } = insertPhotoSubmission(t.store, { schoolId: school.schoolId, assignmentId, studentId, questionId: 'q1' });
    await t.store.annotations.save(SYSTEM, submissionId, attachmentId, MARKS);
    await t.store.marking.saveFeedback(SYSTEM, submissionId, { perQuestion: [], comment: 'Attention aux retenues.', mark: 2, maxMark: 4 });
    await sync();
    expect(await db.feedback.where('submissionId').equals(submissionId).count()).toBe(0);
    // Nothing of the layer anywhere on the tablet before the return.
    const everything = JSON.stringify(await Promise.all(db.tables.filter((tb) => tb.name !== 'attachments').map((tb) => tb.toArray())));
    expect(everything).not.toContain('Revois la retenue');

    await t.store.marking.returnFeedback(SYSTEM, submissionId);
    await sync();
    const returned = await db.feedback.where('submissionId').equals(submissionId).first();
    expect(returned?.annotations).toEqual([{ attachmentId, marks: MARKS, updatedAt: expect.any(String) }]);

    await t.store.annotations.save(SYSTEM, submissionId, attachmentId, MARKS.slice(0, 2));
    await sync();
    expect((await db.feedback.where('submissionId').equals(submissionId).first())?.annotations?.[0]?.marks).toEqual(MARKS);
    await t.store.marking.returnFeedback(SYSTEM, submissionId);
    await sync();
    expect((await db.feedback.where('submissionId').equals(submissionId).first())?.annotations?.[0]?.marks).toEqual(MARKS.slice(0, 2));
  });
});
