/**
 * Property: N tablets (one student shared by two of them) doing random saves, hand-ins,
 * syncs and app restarts, while a proxy cuts connections at random byte offsets, delays and
 * duplicates requests, and the teacher edits and grades. After the faults stop and every
 * tablet syncs: every tablet agrees with the server, every acknowledged mutation is on the
 * server exactly once, and the last thing each tablet saved is on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.ts';
import {
  createClass, createSchool, createStudent, editAssignment, enrolDevice, makeTablet, openSession, publishAssignment, reopen, returnFeedback, type School,
} from '../../helpers/sync-fixtures.ts';
import { SyncEngine } from '../../../src/sync/worker/sync-engine.ts';
import type { CartableDb } from '../../../src/db/schema.ts';
import { saveAnswer, submitWork, workId } from '../../../src/db/work-repository.ts';

let t: TestApp;
let proxy: FaultProxy;
let school: School;

beforeAll(async () => {
  t = await startTestApp();
  const url = await t.listen();
  proxy = await startFaultProxy(url, { seed: 42 });
  school = createSchool(t.store);
});
afterAll(async () => {
  await proxy.close();
  await t.close();
});

type Op =
  | { kind: 'save'; device: number; student: number; assignment: number; question: 'q1' | 'q2' }
  | { kind: 'submit'; device: number; student: number; assignment: number }
  | { kind: 'sync'; device: number; cut: number; dup: number; delay: number; killAfterMs: number | null }
  | { kind: 'restart'; device: number }
  | { kind: 'teacherEdit'; assignment: number }
  | { kind: 'teacherReturn'; student: number; assignment: number };

const DEVICES = 3;
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('save' as const), device: fc.nat(DEVICES - 1), student: fc.nat(1), assignment: fc.nat(1), question: fc.constantFrom('q1' as const, 'q2' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('submit' as const), device: fc.nat(DEVICES - 1), student: fc.nat(1), assignment: fc.nat(1) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const), device: fc.nat(DEVICES - 1), cut: fc.constantFrom(0, 0.3, 0.7), dup: fc.constantFrom(0, 0.3), delay: fc.constantFrom(0, 30),
      killAfterMs: fc.option(fc.integer({ min: 0, max: 40 }), { freq: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), device: fc.nat(DEVICES - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('teacherEdit' as const), assignment: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('teacherReturn' as const), student: fc.nat(1), assignment: fc.nat(1) }) },
);

async function outboxIds(db: CartableDb) {
  return new Set((await db.outbox.toArray()).map((o) => o.mutationId));
}

async function scenario(ops: Op[], seed: number) {
  const classId = createClass(t.store, school);
  const students = [createStudent(t.store, school, classId, 'Léa'), createStudent(t.store, school, classId, 'Tom')];
  const assignments = [publishAssignment(t.store, school, { classId }), publishAssignment(t.store, school, { classId })];
  const enrolled = Array.from({ length: DEVICES }, () => enrolDevice(t.store, school, classId));
  // Tablet 0: Léa and Tom share it; tablet 1: Léa again (same student, two tablets); tablet 2: Tom.
  const who = [[0, 1], [0], [1]];
  const dbs: CartableDb[] = [];
  for (const [d, dev] of enrolled.entries()) {
    dbs.push(await makeTablet(dev, school, who[d]!.map((s) => ({ studentId: students[s]!, classId, token: openSession(t.store, students[s]!, dev.deviceId) }))));
  }
  const engine = (d: number) => new SyncEngine({ db: dbs[d]!, baseUrl: proxy.url, appVersion: 'prop', uploader: null, pullLimit: 3, timeoutMs: 3_000 });
  for (let d = 0; d < DEVICES; d++) expect((await engine(d).runCycle()).ok).toBe(true);

  const acknowledged = new Set<string>();
  /** The last answers each tablet saved for each work (what must end up on the server). */
  const lastSaved = new Map<string, string>();
  let step = 0;
  const sync = async (d: number, signal?: AbortSignal) => {
    const before = await outboxIds(dbs[d]!);
    await engine(d).runCycle(undefined, signal);
    const after = await outboxIds(dbs[d]!);
    for (const id of before) if (!after.has(id)) acknowledged.add(id);
  };

  for (const op of ops) {
    step++;
    if (op.kind === 'save' || op.kind === 'submit') {
      if (!who[op.device]!.includes(op.student)) continue;
      const db = dbs[op.device]!;
      const studentId = students[op.student]!;
      const assignment = (await db.assignments.get(assignments[op.assignment]!))!;
      const r = op.kind === 'save'
        ? await saveAnswer(db, studentId, assignment, { questionId: op.question, text: `d${op.device}-s${seed}-${step}` })
        : await submitWork(db, studentId, assignment.id);
      if (r.ok) lastSaved.set(`${op.device}|${workId(studentId, assignment.id)}`, JSON.stringify(r.value.answers));
    } else if (op.kind === 'sync') {
      proxy.setFaults({ cutProbability: op.cut, duplicateProbability: op.dup, maxDelayMs: op.delay, maxCutOffset: 3000 });
      const ac = new AbortController();
      // "App killed mid-sync": abort the cycle at a random moment, then restart the app.
      if (op.killAfterMs !== null) setTimeout(() => ac.abort(), op.killAfterMs);
      await sync(op.device, ac.signal);
      proxy.setFaults(null);
      if (op.killAfterMs !== null) dbs[op.device] = reopen(dbs[op.device]!);
    } else if (op.kind === 'restart') {
      dbs[op.device] = reopen(dbs[op.device]!);
    } else if (op.kind === 'teacherEdit') {
      editAssignment(t.store, assignments[op.assignment]!, { title: `Modifié ${step}` });
    } else {
      const sub = t.store.db.prepare("SELECT id FROM submissions WHERE student_id = ? AND assignment_id = ? AND state = 'submitted'").pluck().get(students[op.student], assignments[op.assignment]) as string | undefined;
      if (sub) returnFeedback(t.store, school, sub);
    }
  }

  // Faults stop; every tablet syncs until quiet (twice round, so each sees the others' last pushes).
  proxy.setFaults(null);
  for (let round = 0; round < 2; round++) {
    for (let d = 0; d < DEVICES; d++) {
      await sync(d);
    }
  }
  for (let d = 0; d < DEVICES; d++) {
    const out = await engine(d).runCycle();
    expect(out.ok, `tablet ${d}: ${out.error?.code}`).toBe(true);
    expect(await dbs[d]!.outbox.count(), `tablet ${d} outbox`).toBe(0);
  }

  // Exactly once: one revision per applied mutation, and every acknowledged id is in the log once.
  const logged = t.store.db.prepare('SELECT mutation_id, result_json FROM device_mutations WHERE device_id IN (' + enrolled.map(() => '?').join(',') + ')')
    .all(...enrolled.map((e) => e.deviceId)) as { mutation_id: string; result_json: string }[];
  const loggedIds = new Set(logged.map((l) => l.mutation_id));
  expect(loggedIds.size).toBe(logged.length);
  for (const id of acknowledged) expect(loggedIds.has(id), `acknowledged ${id} not on the server`).toBe(true);
  const revisions = t.store.db.prepare(
    'SELECT s.student_id, s.assignment_id, r.answers_json, r.device_id FROM submission_revisions r JOIN submissions s ON s.id = r.submission_id WHERE s.assignment_id IN (?, ?)',
  ).all(...assignments) as { student_id: string; assignment_id: string; answers_json: string; device_id: string }[];
  const appliedCount = logged.filter((l) => ['applied', 'conflict'].includes((JSON.parse(l.result_json) as { result: { status: string } }).result.status)).length;
  expect(revisions.length).toBe(appliedCount);

  // Nothing saved is missing: each tablet's last saved answers are a revision from that tablet.
  for (const [key, answers] of lastSaved) {
    const [d, wid] = key.split('|') as [string, string];
    const [studentId, assignmentId] = wid.split(':');
    const found = revisions.some((r) => r.student_id === studentId && r.assignment_id === assignmentId && r.answers_json === answers && r.device_id === enrolled[Number(d)]!.deviceId);
    expect(found, `tablet ${d} lost ${answers}`).toBe(true);
  }

  // Agreement: every tablet's work and submissions match the server's latest.
  for (let d = 0; d < DEVICES; d++) {
    for (const s of who[d]!) {
      for (const a of assignments) {
        const server = t.store.db.prepare('SELECT s.id, s.version, r.answers_json FROM submissions s LEFT JOIN submission_revisions r ON r.id = s.latest_revision_id WHERE s.student_id = ? AND s.assignment_id = ?')
          .get(students[s], a) as { id: string; version: number; answers_json: string } | undefined;
        const local = await dbs[d]!.work.get(workId(students[s]!, a));
        if (!server) {
          expect(local?.answers ?? []).toEqual([]);
          continue;
        }
        expect(local?.answers, `tablet ${d} student ${s}`).toEqual(JSON.parse(server.answers_json));
        expect((await dbs[d]!.submissions.get(server.id))?.version).toBe(server.version);
      }
    }
  }
  for (const db of dbs) db.close();
}

describe('sync under random faults (fast-check)', () => {
  it('N tablets agree with the server; acknowledged work is there exactly once; nothing saved is missing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 25 }), fc.nat(1_000_000), async (ops, seed) => scenario(ops, seed)),
      { numRuns: 25, seed: Number(process.env.SYNC_PROPERTY_SEED ?? 20261129), endOnFailure: true },
    );
    // The faults really happened (a property that never met a fault would prove nothing).
    expect(proxy.stats.cuts).toBeGreaterThan(3);
    expect(proxy.stats.duplicates).toBeGreaterThan(3);
  }, 120_000);
});
