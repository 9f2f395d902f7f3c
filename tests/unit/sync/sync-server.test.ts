import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import {
  addToGroup, createClass, createGroup, createSchool, createStudent, editAssignment, enrolDevice, openSession, publishAssignment, publishLesson,
  returnFeedback, unpublishAssignment, QUESTIONS, type School,
} from '../../helpers/sync-fixtures.ts';
import type { Mutation, PullResponse, PushResponse } from '../../../src/protocol/sync.ts';
import type { Answer } from '../../../src/protocol/entities.ts';

let t: TestApp;
let school: School;
let classA: string, classB: string;
let lea: string, tom: string, zoe: string;
let tablet: { deviceId: string; deviceToken: string };
let other: { deviceId: string; deviceToken: string };
let leaToken: string, tomToken: string, zoeToken: string;

beforeAll(async () => {
  t = await startTestApp();
  school = createSchool(t.store);
  classA = createClass(t.store, school);
  classB = createClass(t.store, school);
  lea = createStudent(t.store, school, classA, 'Léa');
  tom = createStudent(t.store, school, classA, 'Tom');
  zoe = createStudent(t.store, school, classB, 'Zoé');
  tablet = enrolDevice(t.store, school, classA);
  other = enrolDevice(t.store, school, classB);
  leaToken = openSession(t.store, lea, tablet.deviceId);
  tomToken = openSession(t.store, tom, tablet.deviceId);
  zoeToken = openSession(t.store, zoe, other.deviceId);
});
afterAll(async () => { await t.close(); });

const headers = (token: string, device = tablet) => ({ authorization: `Bearer ${token}`, 'x-cartable-device': device.deviceToken });
let seq = 1000;
const mutation = (assignmentId: string, type: Mutation['type'] = 'work.save', answers: Answer[] = [{ questionId: 'q1', text: 'réponse' }], assignmentVersion = 1): Mutation => ({
  type, seq: seq++, mutationId: randomUUID(), assignmentId, baseVersion: null, assignmentVersion, answers, clientAt: new Date().toISOString(),
});
const report = { pendingCount: 3, pendingBytes: 1200, storageUsage: 5_000_000, storageQuota: 2_000_000_000 };

async function push(token: string, mutations: Mutation[], device = tablet) {
  const res = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: headers(token, device), payload: { deviceId: device.deviceId, appVersion: '1.2.3', report, mutations } });
  return { status: res.statusCode, body: res.json() as PushResponse };
}
async function pull(token: string, cursor = '', device = tablet, limit?: number) {
  const q = new URLSearchParams({ cursor, ...(limit ? { limit: String(limit) } : {}) });
  const res = await t.app.inject({ method: 'GET', url: `/api/sync/pull?${q}`, headers: headers(token, device) });
  return { status: res.statusCode, body: res.json() as PullResponse & { error?: { code: string } } };
}
async function pullAll(token: string, cursor = '', device = tablet) {
  const changes = [];
  for (;;) {
    const r = await pull(token, cursor, device);
    expect(r.status).toBe(200);
    changes.push(...r.body.changes);
    cursor = r.body.cursor;
    if (!r.body.hasMore) return { changes, cursor };
  }
}
const revisions = (assignmentId: string, studentId: string) =>
  t.store.db.prepare('SELECT r.* FROM submission_revisions r JOIN submissions s ON s.id = r.submission_id WHERE s.assignment_id = ? AND s.student_id = ?').all(assignmentId, studentId) as { kind: string; answers_json: string }[];

describe('POST /api/sync/push', () => {
  it('applies a save once, records the change and the device report, and answers a retry with the first result', async () => {
    const a = publishAssignment(t.store, school, { classId: classA });
    const m = mutation(a);
    const first = await push(leaToken, [m]);
    expect(first.status).toBe(200);
    const r = first.body.results[0]!;
    expect(r.status).toBe('applied');
    if (r.status !== 'applied') throw new Error('not applied');
    expect(r.submission).toMatchObject({ assignmentId: a, studentId: lea, state: 'draft' });
    expect(r.submission.latest?.answers).toEqual(m.answers);
    const change = t.store.db.prepare("SELECT * FROM changes WHERE scope = ? AND entity = 'submission'").get(`student:${lea}`) as { entity_id: string } | undefined;
    expect(change?.entity_id).toBe(r.submission.id);
    const dev = t.store.db.prepare('SELECT * FROM devices WHERE id = ?').get(tablet.deviceId) as Record<string, unknown>;
    expect(dev).toMatchObject({ app_version: '1.2.3', pending_count: 3, pending_bytes: 1200, storage_usage: 5_000_000 });
    expect(dev.last_sync_at).toBeTruthy();

    const again = await push(leaToken, [m]);
    expect(again.body.results[0]).toEqual({ status: 'duplicate', mutationId: m.mutationId, first: r });
    expect(revisions(a, lea)).toHaveLength(1);
  });

  it('deduplicates by mutation id, not by seq: two students of one tablet interleave their seqs', async () => {
    const a = publishAssignment(t.store, school, { classId: classA });
    const late = mutation(a);
    const early = { ...mutation(a), seq: late.seq - 500 };
    expect((await push(leaToken, [late])).body.results[0]!.status).toBe('applied');
    // Tom's lower seq arrives after Léa's higher one: it is new work, not a duplicate.
    expect((await push(tomToken, [early])).body.results[0]!.status).toBe('applied');
    expect(revisions(a, tom)).toHaveLength(1);
  });

  it('the same batch sent twice at once is applied once', async () => {
    const url = await t.listen();
    const a = publishAssignment(t.store, school, { classId: classA });
    const batch = [mutation(a), mutation(a, 'work.submit')];
    const send = () => fetch(`${url}/api/sync/push`, {
      method: 'POST', headers: { ...headers(leaToken), 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: tablet.deviceId, appVersion: 'x', report, mutations: batch }),
    }).then((r) => r.json() as Promise<PushResponse>);
    const [x, y] = await Promise.all([send(), send()]);
    const statuses = [...x.results, ...y.results].map((r) => r.status).sort();
    expect(statuses).toEqual(['applied', 'applied', 'duplicate', 'duplicate']);
    expect(revisions(a, lea).map((r) => r.kind).sort()).toEqual(['draft', 'submit']);
  });

  it('checks rights: other class, group not theirs, draft, unpublished → rejected with a code; nothing written', async () => {
    const other = publishAssignment(t.store, school, { classId: classB });
    const group = createGroup(t.store, classA, [tom]);
    const forGroup = publishAssignment(t.store, school, { classId: classA, groupId: group });
    const draft = publishAssignment(t.store, school, { classId: classA, status: 'draft' });
    const gone = publishAssignment(t.store, school, { classId: classA });
    unpublishAssignment(t.store, gone);
    const res = await push(leaToken, [mutation(other), mutation(forGroup), mutation(draft), mutation(gone)]);
    for (const r of res.body.results) {
      expect(r).toMatchObject({ status: 'rejected', code: 'assignment_unavailable' });
      if (r.status === 'rejected') expect(r.message).toMatch(/no longer available/); // English, for logs: the tablet translates the code
    }
    for (const a of [other, forGroup, draft, gone]) expect(revisions(a, lea)).toHaveLength(0);
    // Tom is in the group: accepted for him.
    expect((await push(tomToken, [mutation(forGroup)])).body.results[0]!.status).toBe('applied');
  });

  it('refuses a deviceId that is not the session’s device, and a session used from another device', async () => {
    const a = publishAssignment(t.store, school, { classId: classA });
    const res = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: headers(leaToken), payload: { deviceId: other.deviceId, appVersion: 'x', report, mutations: [mutation(a)] } });
    expect(res.statusCode).toBe(403);
    expect((await push(leaToken, [mutation(a)], other)).status).toBe(401);
    expect((await push('nope', [mutation(a)])).status).toBe(401);
  });

  it('refuses a mutation id already used by another student or device', async () => {
    const a = publishAssignment(t.store, school, { classId: classA });
    const b = publishAssignment(t.store, school, { classId: classB });
    const m = mutation(a);
    await push(leaToken, [m]);
    const stolen = (await push(zoeToken, [{ ...m, assignmentId: b }], other)).body.results[0]!;
    expect(stolen).toMatchObject({ status: 'rejected', code: 'mutation_id_reused' });
  });

  it('a submit after the due date is accepted and marked late; after grading it is a resubmission', async () => {
    const a = publishAssignment(t.store, school, { classId: classA, dueAt: new Date(Date.now() - 3600_000).toISOString() });
    const r1 = (await push(leaToken, [mutation(a, 'work.submit')])).body.results[0]!;
    if (r1.status !== 'applied') throw new Error(r1.status);
    expect(r1.submission).toMatchObject({ state: 'submitted', late: true, resubmitted: false });
    returnFeedback(t.store, school, r1.submission.id);
    const r2 = (await push(leaToken, [mutation(a, 'work.submit', [{ questionId: 'q1', text: 'corrigé' }])])).body.results[0]!;
    if (r2.status !== 'applied') throw new Error(r2.status);
    expect(r2.submission).toMatchObject({ state: 'submitted', resubmitted: true });
    expect(r2.submission.submitted?.answers[0]?.text).toBe('corrigé');
  });

  it('a hand-in whose answers no longer fit the edited assignment is a conflict, kept as a draft revision', async () => {
    const a = publishAssignment(t.store, school, { classId: classA });
    editAssignment(t.store, a, { questions: [QUESTIONS[0]!, { id: 'q3', kind: 'text', prompt: 'Nouvelle', points: 2 }] });
    const r = (await push(leaToken, [mutation(a, 'work.submit', [{ questionId: 'q2', choiceIds: ['c4'] }], 1)])).body.results[0]!;
    expect(r).toMatchObject({ status: 'conflict', code: 'assignment_changed' });
    expect(revisions(a, lea).map((x) => x.kind)).toEqual(['draft']);
    // A typo fix (answers still fit) does not bother the student.
    const b = publishAssignment(t.store, school, { classId: classA });
    editAssignment(t.store, b, { title: 'Devoir (corrigé)' });
    expect((await push(leaToken, [mutation(b, 'work.submit', [{ questionId: 'q1', text: 'ok' }], 1)])).body.results[0]!.status).toBe('applied');
  });

  it('validates the body (400, never a 500)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/sync/push', headers: headers(leaToken), payload: { deviceId: tablet.deviceId, mutations: [{ type: 'drop.table' }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation');
  });
});

describe('GET /api/sync/pull', () => {
  it('returns only the student’s scopes, never drafts, then nothing new with the same cursor', async () => {
    const c = createClass(t.store, school);
    const s = createStudent(t.store, school, c);
    const dev = enrolDevice(t.store, school, c);
    const token = openSession(t.store, s, dev.deviceId);
    const lesson = publishLesson(t.store, school, { classId: c });
    const assignment = publishAssignment(t.store, school, { classId: c });
    publishAssignment(t.store, school, { classId: c, status: 'draft' });
    publishLesson(t.store, school, { classId: classB });
    const { changes, cursor } = await pullAll(token, '', dev);
    const ids = changes.map((x) => `${x.entity}:${x.id}`);
    expect(ids).toEqual(expect.arrayContaining([`lesson:${lesson}`, `assignment:${assignment}`, `student:${s}`, `class:${c}`]));
    expect(changes).toHaveLength(4);
    const again = await pull(token, cursor, dev);
    expect(again.body.changes).toEqual([]);
    expect(again.body.hasMore).toBe(false);
    expect(again.body.scopes).toBeUndefined();
  });

  it('pages by cursor in seq order and sends a tombstone when content is unpublished', async () => {
    const c = createClass(t.store, school);
    const s = createStudent(t.store, school, c);
    const dev = enrolDevice(t.store, school, c);
    const token = openSession(t.store, s, dev.deviceId);
    const ids = Array.from({ length: 7 }, () => publishLesson(t.store, school, { classId: c }));
    const first = await pull(token, '', dev, 3);
    expect(first.body.hasMore).toBe(true);
    expect(first.body.changes).toHaveLength(3);
    const rest = await pullAll(token, first.body.cursor, dev);
    const lessons = [...first.body.changes, ...rest.changes].filter((x) => x.entity === 'lesson').map((x) => x.id);
    expect(lessons).toEqual(ids);
    const a = publishAssignment(t.store, school, { classId: c });
    unpublishAssignment(t.store, a);
    const after = await pullAll(token, rest.cursor, dev);
    expect(after.changes).toEqual([{ op: 'delete', entity: 'assignment', id: a, scope: `class:${c}` }]);
  });

  it('answers 410 for a cursor older than the purge watermark, and when the student’s groups changed', async () => {
    const c = createClass(t.store, school);
    const s = createStudent(t.store, school, c);
    const dev = enrolDevice(t.store, school, c);
    const token = openSession(t.store, s, dev.deviceId);
    const { cursor } = await pullAll(token, '', dev);
    const a = publishAssignment(t.store, school, { classId: c });
    unpublishAssignment(t.store, a);
    const head = t.store.db.prepare('SELECT MAX(seq) FROM changes').pluck().get() as number;
    await t.store.sync.purgeTombstones(head + 1);
    const r = await pull(token, cursor, dev);
    expect(r.status).toBe(410);
    expect(r.body.error?.code).toBe('cursor_expired');
    const fresh = await pullAll(token, '', dev);
    expect((await pull(token, fresh.cursor, dev)).status).toBe(200);
    const g = createGroup(t.store, c, []);
    addToGroup(t.store, g, s);
    expect((await pull(token, fresh.cursor, dev)).status).toBe(410);
  });

  it('takes the device report from a pull header when the tablet had nothing to push; ignores a malformed one', async () => {
    const get = (report: string) => t.app.inject({ method: 'GET', url: '/api/sync/pull', headers: { ...headers(leaToken), 'x-cartable-report': report } });
    expect((await get('4;5120;;;2.0.0-beta')).statusCode).toBe(200);
    const row = () => t.store.db.prepare('SELECT app_version, pending_count, pending_bytes, storage_usage FROM devices WHERE id = ?').get(tablet.deviceId);
    expect(row()).toEqual({ app_version: '2.0.0-beta', pending_count: 4, pending_bytes: 5120, storage_usage: null });
    expect((await get("1;2;3;4;'); DROP TABLE devices;--")).statusCode).toBe(200);
    expect(row()).toMatchObject({ pending_count: 4 });
  });

  it('rejects a malformed cursor with a 400', async () => {
    expect((await pull(leaToken, 'DROP TABLE')).status).toBe(400);
  });
});
