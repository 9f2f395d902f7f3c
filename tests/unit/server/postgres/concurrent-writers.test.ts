/**
 * PostgreSQL with several writers: two server "processes" (two PostgresDatabase pools, two
 * sets of services) on one database, and real concurrent transactions. To make the race
 * certain rather than likely, a deferred constraint trigger (created by the test) holds the
 * first transaction INSIDE its COMMIT — after everything it wrote, seqs included — until the
 * test releases it; meanwhile the second one runs, and a pull runs.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createServices, type Services } from '../../../../server/services.ts';
import { activateServerKey } from '../../../../server/auth/server-key.ts';
import { FsBlobStore } from '../../../../server/blobs/fs-blob-store.ts';
import { PostgresDatabase } from '../../../../server/store/postgres/postgres-database.ts';
import { SYSTEM, type StudentActor, type UserActor } from '../../../../server/access/actor.ts';
import type { Mutation } from '../../../../src/protocol/sync.ts';
import type { Question } from '../../../../src/protocol/entities.ts';
import { startTestPostgres, type TestPostgres } from '../../../helpers/test-postgres.ts';
import { DeviceReportBatch } from '../../../../server/devices/device-report-batch.ts';
import { commitHold, type CommitHold } from '../../../helpers/pg-commit-hold.ts';

const HOLD_KEY = 4242;
const QUESTIONS: Question[] = [{ id: 'q1', kind: 'text', prompt: 'Explique.', points: 2 }];

let server: TestPostgres;
let commits: CommitHold;
let blobDir: string;
let dbs: PostgresDatabase[] = [];
let a: Services;
let b: Services;
let admin: pg.Client;
let teacher: UserActor;
let lea: StudentActor;
let leaOnTablet2: StudentActor;
let classId: string;

beforeAll(async () => {
  server = await startTestPostgres();
  blobDir = mkdtempSync(join(tmpdir(), 'cartable-pg-blobs-'));
  activateServerKey(blobDir); // the temp dir plays DATA_DIR: its server.key peppers the hashes
  dbs = [await PostgresDatabase.open(server.url), await PostgresDatabase.open(server.url)];
  a = createServices(dbs[0]!, new FsBlobStore(blobDir));
  b = createServices(dbs[1]!, new FsBlobStore(blobDir));
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  commits = await commitHold(admin, HOLD_KEY);

  const school = await a.school.createSchool('Collège Concurrent');
  const t = await a.school.createUser(SYSTEM, { schoolId: school.id, role: 'teacher', login: 'prof.concurrent', displayName: 'Prof', password: 'pass-word-1' });
  teacher = { kind: 'user', userId: t.id, role: 'teacher', schoolId: school.id };
  const cls = await a.roster.createClass(SYSTEM, { name: '5e C', teacherIds: [t.id] }, school.id);
  classId = cls.id;
  const st = await a.roster.createStudent(SYSTEM, cls.id, { firstName: 'Léa', lastName: 'Martin', secret: '1234' });
  const tablet = async (name: string) => (await a.devices.enrol((await a.devices.issueCode(teacher, { classId })).code, name)).deviceId;
  lea = { kind: 'student', studentId: st.id, classId, schoolId: school.id, deviceId: await tablet('Tablette 1') };
  leaOnTablet2 = { ...lea, deviceId: await tablet('Tablette 2') };
});

afterAll(async () => {
  await admin?.end();
  for (const db of dbs) await db.close();
  await server?.stop();
  rmSync(blobDir, { recursive: true, force: true });
});

const holdCommits = (table: string, column: string, value: string) => commits.hold(table, column, value);
const untilWaiting = (n: number, p?: Promise<unknown>) => commits.untilWaiting(n, p);

const draftAssignment = (title: string) => a.content.createAssignment(teacher, classId, { title, instructionsMarkdown: '', dueAt: null, questions: QUESTIONS });
let seq = 1;
const mutation = (assignmentId: string, type: Mutation['type']): Mutation => ({
  type, seq: seq++, mutationId: randomUUID(), assignmentId, baseVersion: null, assignmentVersion: 1, answers: [{ questionId: 'q1', text: 'réponse' }],
  clientAt: new Date().toISOString(),
});
const changeIds = (json: string): string[] => (JSON.parse(json) as { changes: { id: string }[] }).changes.map((c) => c.id);

describe('PostgreSQL with two server processes writing at once', () => {
  it('never lets a pull skip a change that commits after a later one was served (gap-free cursor)', async () => {
    const first = await draftAssignment('Premier');
    const second = await draftAssignment('Second');
    const hold = await holdCommits('changes', 'entity_id', first.id);
    // T1 publishes `first` and is held inside its COMMIT, its change already written.
    const t1 = a.content.publishAssignment(teacher, first.id, null);
    await untilWaiting(1, t1);
    // T2 publishes `second` on the other process, then a pull runs before T1 commits.
    const t2 = b.content.publishAssignment(teacher, second.id, null);
    await untilWaiting(2, t2);
    const pull1 = await b.sync.pullJson(lea, '', 1000);
    const cursor = (JSON.parse(pull1) as { cursor: string }).cursor;
    await hold.release();
    await Promise.all([t1, t2]);
    const pull2 = await a.sync.pullJson(lea, cursor, 1000);
    const delivered = [...changeIds(pull1), ...changeIds(pull2)];
    expect(delivered).toContain(second.id);
    expect(delivered).toContain(first.id);
  });

  it('applies one mutation once when two processes push it at the same moment', async () => {
    const asg = await a.content.publishAssignment(teacher, (await draftAssignment('Une fois')).id, null);
    const m = mutation(asg.id, 'work.submit');
    const hold = await holdCommits('device_mutations', 'mutation_id', m.mutationId);
    const p1 = a.sync.push(lea, [m], new Date().toISOString());
    await untilWaiting(1, p1);
    const p2 = b.sync.push(lea, [m], new Date().toISOString());
    await untilWaiting(2, p2);
    await hold.release();
    const [r1, r2] = await Promise.all([p1, p2]);
    expect(r1).toMatchObject([{ status: 'applied', submission: { state: 'submitted' } }]);
    expect(r2).toEqual([{ status: 'duplicate', mutationId: m.mutationId, first: r1[0] }]);
    const revisions = await admin.query<{ n: number }>(
      'SELECT COUNT(*)::int AS n FROM submission_revisions r JOIN submissions s ON s.id = r.submission_id WHERE s.assignment_id = $1', [asg.id],
    );
    expect(revisions.rows[0]?.n).toBe(1);
  });

  it('numbers the revisions of two tablets handing in the same work at once, one after the other', async () => {
    const asg = await a.content.publishAssignment(teacher, (await draftAssignment('Deux tablettes')).id, null);
    const hold = await holdCommits('submissions', 'assignment_id', asg.id);
    const p1 = a.sync.push(lea, [mutation(asg.id, 'work.save')], new Date().toISOString());
    await untilWaiting(1, p1);
    const p2 = b.sync.push(leaOnTablet2, [mutation(asg.id, 'work.submit')], new Date().toISOString());
    await untilWaiting(2, p2);
    await hold.release();
    const [r1, r2] = await Promise.all([p1, p2]);
    expect([r1[0]?.status, r2[0]?.status]).toEqual(['applied', 'applied']);
    const rows = await admin.query<{ number: number; kind: string }>(
      'SELECT r.number, r.kind FROM submission_revisions r JOIN submissions s ON s.id = r.submission_id WHERE s.assignment_id = $1 ORDER BY r.number', [asg.id],
    );
    expect(rows.rows).toEqual([{ number: 1, kind: 'draft' }, { number: 2, kind: 'submit' }]);
    expect(r2[0]).toMatchObject({ submission: { state: 'submitted' } });
  });

  it('writes two processes’ device-report batches over the same tablets without a deadlock (rows in one order)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await a.devices.enrol((await a.devices.issueCode(teacher, { classId })).code, `Chariot ${i}`)).deviceId);
    const batches = [new DeviceReportBatch(dbs[0]!), new DeviceReportBatch(dbs[1]!)];
    const report = (n: number) => ({ pendingCount: n, pendingBytes: n, storageUsage: null, storageQuota: null });
    for (let round = 0; round < 8; round++) {
      const at = new Date(Date.now() + round * 60_000).toISOString();
      // One process meets the tablets in one order, the other in the reverse order.
      await Promise.all([
        ...ids.map((id, i) => batches[0]!.report(id, '1.0.0', report(round * 100 + i), at)),
        ...[...ids].reverse().map((id, i) => batches[1]!.report(id, '1.0.1', report(round * 100 + i), at)),
      ]);
    }
    expect(batches[0]!.retries + batches[1]!.retries).toBe(0);
    const rows = await admin.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM devices WHERE id = ANY($1) AND pending_count IS NOT NULL', [ids]);
    expect(rows.rows[0]!.n).toBe(ids.length);
  });

  it('locks an account after five wrong passwords even when they are checked at the same time on two processes', async () => {
    const login = `lock.${randomUUID().slice(0, 6)}`;
    await a.school.createUser(SYSTEM, { schoolId: teacher.schoolId, role: 'teacher', login, displayName: 'Lock', password: 'right-pass-1' });
    const hold = await holdCommits('login_failures', 'key', `user:${login}:addr:10.0.0.1`);
    const signIn = (s: typeof a, password: string) => s.auth.signInUser({ login, password, address: '10.0.0.1', deviceId: null });
    const attempts = [signIn(a, 'wrong-1')];
    await untilWaiting(1, attempts[0]);
    for (let i = 2; i <= 5; i++) attempts.push(signIn(i % 2 ? a : b, `wrong-${i}`));
    await untilWaiting(5, Promise.allSettled(attempts.slice(1)));
    await hold.release();
    const outcomes = await Promise.allSettled(attempts);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code?: string }).code : 'signed in'))).toEqual(Array(5).fill('wrong_credentials'));
    const right = await signIn(b, 'right-pass-1').then(() => 'signed in', (e: { code?: string }) => e.code);
    expect(right).toBe('account_locked');
  });
});
