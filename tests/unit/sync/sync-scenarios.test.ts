/**
 * The sync engine on fake-indexeddb against the real server over real HTTP: the fault
 * scenarios of issue 3, each ending with "nothing lost, nothing applied twice".
 */
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/test-app.ts';
import { useSyncServer } from '../../helpers/sync-server.ts';
import { createClass, createStudent, editAssignment, enrolDevice, makeTablet, openSession, publishAssignment, publishLesson, returnFeedback, reopen, signIn, unpublishAssignment, QUESTIONS, type School } from '../../helpers/sync-fixtures.ts';
import { SyncEngine } from '../../../src/sync/worker/sync-engine.ts';
import type { CartableDb } from '../../../src/db/schema.ts';
import { saveAnswer, submitWork, workId } from '../../../src/db/work-repository.ts';
import { reconcileWork } from '../../../src/db/reconcile-work.ts';
import type { Assignment } from '../../../src/protocol/entities.ts';

let t: TestApp;
let url: string;
let school: School;
useSyncServer((started) => ({ t, url, school } = started));

const engine = (db: CartableDb, fetchImpl: typeof fetch = fetch, extra: { pullLimit?: number } = {}) =>
  new SyncEngine({ db, baseUrl: url, appVersion: 'test', fetch: fetchImpl, uploader: null, ...extra });

/** A class with one published assignment, a tablet and a signed-in student who pulled it. */
async function setup(students = 1) {
  const classId = createClass(t.store, school);
  const ids = Array.from({ length: students }, (_, i) => createStudent(t.store, school, classId, `Élève${i}`));
  const assignmentId = publishAssignment(t.store, school, { classId });
  const device = enrolDevice(t.store, school, classId);
  const sessions = ids.map((studentId) => ({ studentId, classId, token: openSession(t.store, studentId, device.deviceId) }));
  const db = await makeTablet(device, school, sessions);
  const first = await engine(db).runCycle();
  expect(first.ok).toBe(true);
  const assignment = (await db.assignments.get(assignmentId)) as Assignment;
  expect(assignment).toBeTruthy();
  return { classId, studentId: ids[0]!, ids, assignmentId, assignment, device, sessions, db };
}

const serverRevisions = (assignmentId: string, studentId: string) =>
  t.store.db.prepare('SELECT r.kind, r.answers_json FROM submission_revisions r JOIN submissions s ON s.id = r.submission_id WHERE s.assignment_id = ? AND s.student_id = ? ORDER BY r.number')
    .all(assignmentId, studentId) as { kind: string; answers_json: string }[];

const countingFetch = () => {
  const calls: string[] = [];
  const f: typeof fetch = (input, init) => { calls.push(`${init?.method ?? 'GET'} ${String(input).replace(url, '')}`); return fetch(input, init); };
  return { f, calls };
};

describe('sync engine scenarios', () => {
  it('keystrokes coalesce in the outbox; a hand-in arrives once and reads "reçu"; a no-change sync is one request', async () => {
    const s = await setup();
    for (const text of ['L', 'La', 'La p', 'La photo']) expect((await saveAnswer(s.db, s.studentId, s.assignment, { questionId: 'q1', text })).ok).toBe(true);
    expect(await s.db.outbox.count()).toBe(1);
    expect((await submitWork(s.db, s.studentId, s.assignmentId)).ok).toBe(true);
    // The hand-in carries the whole answer set: it supersedes the unsent draft.
    expect(await s.db.outbox.count()).toBe(1);
    const out = await engine(s.db).runCycle();
    expect(out).toMatchObject({ ok: true, pushed: 1 });
    expect(await s.db.outbox.count()).toBe(0);
    expect(serverRevisions(s.assignmentId, s.studentId).map((r) => r.kind)).toEqual(['submit']);
    expect(JSON.parse(serverRevisions(s.assignmentId, s.studentId)[0]!.answers_json)).toEqual([{ questionId: 'q1', text: 'La photo' }]);
    const work = await s.db.work.get(workId(s.studentId, s.assignmentId));
    expect(work?.state).toBe('received');
    const sub = (await s.db.submissions.where({ studentId: s.studentId, assignmentId: s.assignmentId }).first())!;
    const view = reconcileWork({ work, submission: sub, feedback: null, assignment: s.assignment, pendingCount: 0 });
    expect(view).toMatchObject({ status: 'received', at: sub.submittedAt });

    const { f, calls } = countingFetch();
    const idle = await engine(s.db, f).runCycle();
    expect(idle).toMatchObject({ ok: true, pulled: 0 });
    expect(calls).toEqual([expect.stringMatching(/^GET \/api\/sync\/pull\?cursor=\d+\./)]);
  });

  it('response lost after the server committed: the retry is a duplicate, applied once', async () => {
    const s = await setup();
    await saveAnswer(s.db, s.studentId, s.assignment, { questionId: 'q1', text: 'une fois' });
    let lose = true;
    const losing: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (lose && String(input).includes('/push')) { lose = false; await res.text(); throw new TypeError('fetch failed: socket hang up'); }
      return res;
    };
    const cut = await engine(s.db, losing).runCycle();
    expect(cut).toMatchObject({ ok: false, error: { code: 'offline' } });
    expect(serverRevisions(s.assignmentId, s.studentId)).toHaveLength(1);
    const [entry] = await s.db.outbox.toArray();
    expect(entry).toMatchObject({ state: 'pending', sending: false });
    const retry = await engine(s.db).runCycle();
    expect(retry.ok).toBe(true);
    expect(await s.db.outbox.count()).toBe(0);
    expect(serverRevisions(s.assignmentId, s.studentId)).toHaveLength(1);
  });

  it('the same push sent twice at once (a duplicating middlebox) is applied once', async () => {
    const s = await setup();
    await saveAnswer(s.db, s.studentId, s.assignment, { questionId: 'q1', text: 'doublon' });
    const other = publishAssignment(t.store, school, { classId: s.classId });
    await engine(s.db).runCycle();
    await saveAnswer(s.db, s.studentId, (await s.db.assignments.get(other))!, { questionId: 'q1', text: 'brouillon' });
    await submitWork(s.db, s.studentId, s.assignmentId);
    const twice: typeof fetch = async (input, init) => {
      if (!String(input).includes('/push')) return fetch(input, init);
      const [a] = await Promise.all([fetch(input, init), fetch(input, init).then((r) => r.text())]);
      return a;
    };
    expect((await engine(s.db, twice).runCycle()).ok).toBe(true);
    expect(serverRevisions(s.assignmentId, s.studentId).map((r) => r.kind)).toEqual(['draft', 'submit']);
    expect(serverRevisions(other, s.studentId).map((r) => r.kind)).toEqual(['draft']);
    expect((await s.db.work.get(workId(s.studentId, s.assignmentId)))?.state).toBe('received');
  });

  it('app killed between pull pages: the next start resumes from the last committed page', async () => {
    const classId = createClass(t.store, school);
    const studentId = createStudent(t.store, school, classId);
    const lessons = Array.from({ length: 12 }, (_, i) => publishLesson(t.store, school, { classId, title: `L${i}` }));
    const device = enrolDevice(t.store, school, classId);
    const db = await makeTablet(device, school, [{ studentId, classId, token: openSession(t.store, studentId, device.deviceId) }]);
    let pages = 0;
    const dying: typeof fetch = async (input, init) => {
      if (String(input).includes('/pull') && ++pages === 3) throw new TypeError('app killed');
      return fetch(input, init);
    };
    const first = await engine(db, dying, { pullLimit: 5 }).runCycle();
    expect(first.ok).toBe(false);
    const cursor = (await db.syncState.get(studentId))?.cursor;
    expect(cursor).toMatch(/^\d+\./);
    expect(await db.lessons.count()).toBeGreaterThanOrEqual(5);
    // A fresh app: new connection, new engine.
    const reopened = reopen(db);
    const { f, calls } = countingFetch();
    expect((await engine(reopened, f, { pullLimit: 5 }).runCycle()).ok).toBe(true);
    expect(calls[0]).toContain(`cursor=${encodeURIComponent(cursor!).replace(/%2E/g, '.')}`);
    expect((await reopened.lessons.toArray()).map((l) => l.id).sort()).toEqual([...lessons].sort());
  });

  it('server error in the middle of a batch: what committed is a duplicate on retry, the rest is applied; nothing lost', async () => {
    const s = await setup();
    const more = [publishAssignment(t.store, school, { classId: s.classId }), publishAssignment(t.store, school, { classId: s.classId })];
    await engine(s.db).runCycle();
    const all = [s.assignmentId, ...more];
    for (const [i, a] of all.entries()) {
      const assignment = (await s.db.assignments.get(a))!;
      await saveAnswer(s.db, s.studentId, assignment, { questionId: 'q1', text: i === 1 ? 'boom' : `ok ${i}` });
    }
    t.store.db.exec(`CREATE TEMP TRIGGER fail_boom BEFORE INSERT ON submission_revisions WHEN NEW.answers_json LIKE '%boom%' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;`);
    const failed = await engine(s.db).runCycle();
    expect(failed).toMatchObject({ ok: false, error: { code: 'server_error' } });
    expect(await s.db.outbox.where('state').equals('pending').count()).toBe(3);
    expect(serverRevisions(all[0]!, s.studentId)).toHaveLength(1);
    t.store.db.exec('DROP TRIGGER fail_boom');
    expect((await engine(s.db).runCycle()).ok).toBe(true);
    for (const a of all) expect(serverRevisions(a, s.studentId)).toHaveLength(1);
    expect(await s.db.outbox.count()).toBe(0);
  });

  it('the same student on two tablets: both drafts are kept on the server, both tablets converge', async () => {
    const s = await setup();
    const other = enrolDevice(t.store, school, s.classId);
    const dbB = await makeTablet(other, school, [{ studentId: s.studentId, classId: s.classId, token: openSession(t.store, s.studentId, other.deviceId) }]);
    await engine(dbB).runCycle();
    await saveAnswer(s.db, s.studentId, s.assignment, { questionId: 'q1', text: 'écrit sur A' });
    await saveAnswer(dbB, s.studentId, s.assignment, { questionId: 'q1', text: 'écrit sur B' });
    expect((await engine(s.db).runCycle()).ok).toBe(true);
    expect((await engine(dbB).runCycle()).ok).toBe(true);
    expect((await engine(s.db).runCycle()).ok).toBe(true);
    const revs = serverRevisions(s.assignmentId, s.studentId).map((r) => JSON.parse(r.answers_json)[0].text);
    expect(revs).toEqual(['écrit sur A', 'écrit sur B']);
    const a = await s.db.work.get(workId(s.studentId, s.assignmentId));
    const b = await dbB.work.get(workId(s.studentId, s.assignmentId));
    expect(a?.answers).toEqual(b?.answers);
    expect(a?.answers[0]?.text).toBe('écrit sur B');
  });

  it('the teacher changes the assignment while the student drafts offline: told, work kept, handed in after checking', async () => {
    const s = await setup();
    await saveAnswer(s.db, s.studentId, s.assignment, { questionId: 'q2', choiceIds: ['c4'] });
    await submitWork(s.db, s.studentId, s.assignmentId);
    editAssignment(t.store, s.assignmentId, { questions: [QUESTIONS[0]!] }); // q2 removed
    expect((await engine(s.db).runCycle()).ok).toBe(true);
    const w = (await s.db.work.get(workId(s.studentId, s.assignmentId)))!;
    expect(w).toMatchObject({ state: 'draft', needsAttentionCode: 'assignment_changed' });
    expect(w.answers).toEqual([{ questionId: 'q2', choiceIds: ['c4'] }]);
    const assignment = (await s.db.assignments.get(s.assignmentId))!;
    expect(assignment.version).toBe(2);
    const view = reconcileWork({ work: w, submission: null, feedback: null, assignment, pendingCount: 0 });
    expect(view).toMatchObject({ status: 'needs_attention', assignmentChanged: true, attention: { code: 'assignment_changed' } });
    expect(serverRevisions(s.assignmentId, s.studentId).map((r) => r.kind)).toEqual(['draft']);
    await saveAnswer(s.db, s.studentId, assignment, { questionId: 'q1', text: 'vérifié' });
    await submitWork(s.db, s.studentId, s.assignmentId);
    expect((await engine(s.db).runCycle()).ok).toBe(true);
    expect((await s.db.work.get(workId(s.studentId, s.assignmentId)))?.state).toBe('received');
    expect(serverRevisions(s.assignmentId, s.studentId).at(-1)?.kind).toBe('submit');
  });

  it('a late edit after grading becomes a resubmission; the tablet shows the feedback and the new hand-in', async () => {
    const s = await setup();
    await saveAnswer(s.db, s.studentId, s.assignment, { questionId: 'q1', text: 'v1' });
    await submitWork(s.db, s.studentId, s.assignmentId);
    await engine(s.db).runCycle();
    const subId = (await s.db.submissions.where({ studentId: s.studentId, assignmentId: s.assignmentId }).first())!.id;
    returnFeedback(t.store, school, subId, 12);
    // Offline, not yet aware of the grade, the student edits and hands in again.
    await saveAnswer(s.db, s.studentId, s.assignment, { questionId: 'q1', text: 'v2' });
    await submitWork(s.db, s.studentId, s.assignmentId);
    expect((await engine(s.db).runCycle()).ok).toBe(true);
    const sub = (await s.db.submissions.get(subId))!;
    expect(sub).toMatchObject({ state: 'submitted', resubmitted: true });
    expect(sub.submitted?.answers[0]?.text).toBe('v2');
    const fb = (await s.db.feedback.where('submissionId').equals(subId).first())!;
    expect(fb.mark).toBe(12);
    const view = reconcileWork({ work: await s.db.work.get(workId(s.studentId, s.assignmentId)), submission: sub, feedback: fb, assignment: s.assignment, pendingCount: 0 });
    expect(view).toMatchObject({ status: 'received', resubmitted: true, mark: { mark: 12, maxMark: 20 } });
  });

  it('a stale cursor (tombstones purged) answers 410: the tablet resyncs, drops what is gone, keeps the work', async () => {
    const s = await setup();
    const doomed = publishLesson(t.store, school, { classId: s.classId });
    await engine(s.db).runCycle();
    expect(await s.db.lessons.get(doomed)).toBeTruthy();
    await saveAnswer(s.db, s.studentId, s.assignment, { questionId: 'q1', text: 'pas perdu' });
    t.store.db.prepare("UPDATE lessons SET status = 'draft' WHERE id = ?").run(doomed);
    t.store.db.prepare("UPDATE changes SET op = 'delete', seq = (SELECT seq FROM sqlite_sequence WHERE name = 'changes') + 1 WHERE entity_id = ?").run(doomed);
    t.store.db.prepare("UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'changes'").run();
    const fresh = publishLesson(t.store, school, { classId: s.classId });
    await t.store.sync.purgeTombstones((t.store.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").pluck().get() as number) + 1);
    const { f, calls } = countingFetch();
    expect((await engine(s.db, f).runCycle()).ok).toBe(true);
    expect(calls.filter((c) => c.startsWith('GET')).length).toBe(2); // 410, then from scratch
    expect(await s.db.lessons.get(doomed)).toBeUndefined();
    expect(await s.db.lessons.get(fresh)).toBeTruthy();
    expect(await s.db.outbox.count()).toBe(0);
    expect(serverRevisions(s.assignmentId, s.studentId).map((r) => JSON.parse(r.answers_json)[0].text)).toEqual(['pas perdu']);
    expect((await s.db.syncState.get(s.studentId))?.resync ?? null).toBeNull();
  });

  it('a refused change stays on the tablet, needs attention, and a pull never overwrites it', async () => {
    const s = await setup();
    await saveAnswer(s.db, s.studentId, s.assignment, { questionId: 'q1', text: 'gardé' });
    unpublishAssignment(t.store, s.assignmentId);
    expect((await engine(s.db).runCycle()).ok).toBe(true);
    const [entry] = await s.db.outbox.toArray();
    expect(entry).toMatchObject({ state: 'rejected', lastError: 'assignment_unavailable' });
    const w = await s.db.work.get(workId(s.studentId, s.assignmentId));
    expect(w).toMatchObject({ needsAttentionCode: 'assignment_unavailable', answers: [{ questionId: 'q1', text: 'gardé' }] });
    expect(await s.db.assignments.get(s.assignmentId)).toBeUndefined();
  });

  it('shared tablet: a signed-out student’s work waits, another student syncs, it goes out after sign-in (once)', async () => {
    const s = await setup(2);
    const [lea, tom] = s.ids as [string, string];
    await saveAnswer(s.db, tom, s.assignment, { questionId: 'q1', text: 'Tom' });
    await saveAnswer(s.db, lea, s.assignment, { questionId: 'q1', text: 'Léa' });
    await s.db.localSessions.update(tom, { token: null }); // Tom signed out
    expect((await engine(s.db).runCycle()).ok).toBe(true);
    expect(serverRevisions(s.assignmentId, lea)).toHaveLength(1);
    expect(serverRevisions(s.assignmentId, tom)).toHaveLength(0);
    expect(await s.db.outbox.where('studentId').equals(tom).count()).toBe(1);
    await signIn(s.db, { studentId: tom, classId: s.classId, token: openSession(t.store, tom, s.device.deviceId) });
    expect((await engine(s.db).runCycle()).ok).toBe(true);
    expect(serverRevisions(s.assignmentId, tom).map((r) => JSON.parse(r.answers_json)[0].text)).toEqual(['Tom']);
    expect((await s.db.work.get(workId(lea, s.assignmentId)))?.answers[0]?.text).toBe('Léa');
  });

  it('the device report reaches the devices row (console list), and an expired session keeps the work', async () => {
    const s = await setup();
    const row = t.store.db.prepare('SELECT app_version, pending_count, last_sync_at FROM devices WHERE id = ?').get(s.device.deviceId) as Record<string, unknown>;
    expect(row).toMatchObject({ app_version: 'test', pending_count: 0 });
    expect(row.last_sync_at).toBeTruthy();
    await saveAnswer(s.db, s.studentId, s.assignment, { questionId: 'q1', text: 'attend' });
    t.store.db.prepare('UPDATE sessions SET revoked_at = ? WHERE student_id = ?').run(new Date().toISOString(), s.studentId);
    const out = await engine(s.db).runCycle();
    expect(out.error?.code).toBe('session_expired');
    expect((await s.db.localSessions.get(s.studentId))?.token).toBeNull();
    expect(await s.db.outbox.count()).toBe(1);
  });
});
