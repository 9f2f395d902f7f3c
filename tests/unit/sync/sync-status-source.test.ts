/**
 * One source of truth for « what is waiting »: the sync worker's status (the page's hook only
 * relays it). Per signed-in pupil, never device-wide, and a photo the pupil deleted before it
 * left is not counted — fake-indexeddb, the worker's real API, a server that is away.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createClass, createSchool, createStudent, enrolDevice, makeTablet, openSession, publishAssignment, type School } from '../../helpers/sync-fixtures.ts';
import { createSyncWorkerApi } from '../../../src/sync/worker/sync-worker-api.ts';
import { saveAnswer } from '../../../src/db/work-repository.ts';
import type { SyncStatus } from '../../../src/sync/sync-status.ts';

let t: TestApp;
let school: School;
beforeAll(async () => {
  t = await startTestApp();
  school = createSchool(t.store);
});
afterAll(async () => { await t.close(); });

test('the status counts the signed-in pupil’s work only, without deleted attachments, and follows a local save', async () => {
  const classId = createClass(t.store, school);
  const lea = createStudent(t.store, school, classId, 'Léa');
  const tom = createStudent(t.store, school, classId, 'Tom');
  const a1 = publishAssignment(t.store, school, { classId });
  const a2 = publishAssignment(t.store, school, { classId });
  const device = enrolDevice(t.store, school, classId);
  const db = await makeTablet(device, school, [
    { studentId: lea, classId, token: openSession(t.store, lea, device.deviceId) },
    { studentId: tom, classId, token: openSession(t.store, tom, device.deviceId) },
  ]);
  await saveAnswer(db, lea, { id: a1, version: 1 }, { questionId: 'q1', text: 'Bonjour' });
  await saveAnswer(db, tom, { id: a1, version: 1 }, { questionId: 'q1', text: 'Salut' });
  await saveAnswer(db, tom, { id: a2, version: 1 }, { questionId: 'q1', text: 'Encore' });
  // A photo Léa deleted before it was sent (no outbox entry needs it any more).
  await db.attachments.put({
    id: 'att-del', studentId: lea, assignmentId: a2, questionId: 'q1', kind: 'photo', mime: 'image/jpeg', size: 50_000, sha256: 'x'.repeat(64),
    blob: new Blob([new Uint8Array(10)]), createdAt: new Date().toISOString(), upload: 'pending', uploadedBytes: 0, error: null, deleted: true,
  });

  const api = createSyncWorkerApi(db, { timers: false, fetch: (async () => { throw new TypeError('offline'); }) as typeof fetch });
  const seen: SyncStatus[] = [];
  api.subscribe((s) => seen.push(s));
  await api.setActiveStudent(lea);
  await api.startSync({ baseUrl: 'http://127.0.0.1:9', appVersion: 'test' });
  await expect.poll(() => seen.at(-1)?.waiting).toEqual({ items: 1, bytes: expect.any(Number), works: 1 });

  await api.setActiveStudent(tom);
  expect(seen.at(-1)?.waiting.works).toBe(2);

  await saveAnswer(db, tom, { id: a1, version: 1 }, { questionId: 'q1', text: 'Salut !' }); // same work: still 2
  await saveAnswer(db, lea, { id: a2, version: 1 }, { questionId: 'q1', text: 'Autre' }); // Léa's: not Tom's count
  await api.localChange();
  expect(seen.at(-1)?.activeStudentId).toBe(tom);
  expect(seen.at(-1)?.waiting.works).toBe(2);
  await api.setActiveStudent(lea);
  expect(seen.at(-1)?.waiting.works).toBe(2);
  api.stopSync();
});
