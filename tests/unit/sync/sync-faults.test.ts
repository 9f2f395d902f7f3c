/**
 * Through the fault proxy: a push or a pull cut at byte offsets all along the request and
 * its answer. Whatever the offset, the next sync ends with the work on the server exactly
 * once and the tablet's content complete.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.ts';
import { createClass, createSchool, createStudent, enrolDevice, makeTablet, openSession, publishAssignment, publishLesson, type School } from '../../helpers/sync-fixtures.ts';
import { SyncEngine } from '../../../src/sync/worker/sync-engine.ts';
import { saveAnswer, submitWork } from '../../../src/db/work-repository.ts';
import type { CartableDb } from '../../../src/db/schema.ts';

let t: TestApp;
let proxy: FaultProxy;
let school: School;

beforeAll(async () => {
  t = await startTestApp();
  proxy = await startFaultProxy(await t.listen());
  school = createSchool(t.store);
});
afterAll(async () => {
  await proxy.close();
  await t.close();
});

const engine = (db: CartableDb) => new SyncEngine({ db, baseUrl: proxy.url, appVersion: 'test', uploader: null, timeoutMs: 5_000 });

async function tablet(lessons = 0) {
  const classId = createClass(t.store, school);
  const studentId = createStudent(t.store, school, classId);
  const assignmentId = publishAssignment(t.store, school, { classId });
  for (let i = 0; i < lessons; i++) publishLesson(t.store, school, { classId, body: `# Leçon ${i}\n\n${Array.from({ length: 40 }, () => randomUUID()).join(' ')}` });
  const device = enrolDevice(t.store, school, classId);
  const db = await makeTablet(device, school, [{ studentId, classId, token: openSession(t.store, studentId, device.deviceId) }]);
  return { db, studentId, assignmentId };
}

const revisions = (assignmentId: string) =>
  t.store.db.prepare('SELECT r.kind FROM submission_revisions r JOIN submissions s ON s.id = r.submission_id WHERE s.assignment_id = ?').pluck().all(assignmentId) as string[];

describe('cuts at byte offsets', () => {
  it('a push cut anywhere in the request or the answer: applied exactly once after the retry', async () => {
    for (const direction of ['up', 'down'] as const) {
      for (const offset of [0, 1, 40, 200, 400, 700, 1000, 1500]) {
        const s = await tablet();
        expect((await engine(s.db).runCycle()).ok).toBe(true);
        const assignment = (await s.db.assignments.get(s.assignmentId))!;
        await saveAnswer(s.db, s.studentId, assignment, { questionId: 'q1', text: `coupé ${direction} ${offset}` });
        await submitWork(s.db, s.studentId, s.assignmentId);
        proxy.cutNext(/^POST \/api\/sync\/push/, direction, offset);
        const cut = await engine(s.db).runCycle();
        const retry = await engine(s.db).runCycle();
        expect(retry.ok, `${direction}@${offset}: ${retry.error?.code}`).toBe(true);
        expect(revisions(s.assignmentId), `${direction}@${offset} (first cycle ok=${cut.ok})`).toEqual(['submit']);
        expect(await s.db.outbox.count()).toBe(0);
        s.db.close();
      }
    }
  });

  it('a pull cut anywhere in its answer: the page is not half-applied, the next sync completes it', async () => {
    for (const offset of [0, 100, 500, 2000, 8000]) {
      const s = await tablet(30);
      proxy.cutNext(/^GET \/api\/sync\/pull/, 'down', offset);
      const cut = await engine(s.db).runCycle();
      // (fetch may retry a GET cut before any byte of its answer on its own: then it simply succeeded.)
      if (!cut.ok) {
        expect(await s.db.lessons.count()).toBe(0); // all or nothing
        expect((await s.db.syncState.get(s.studentId))?.cursor ?? null).toBeNull();
      } else expect(offset).toBe(0);
      expect((await engine(s.db).runCycle()).ok).toBe(true);
      expect(await s.db.lessons.count()).toBe(30);
      s.db.close();
    }
  });
});
