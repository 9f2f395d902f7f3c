/**
 * Every scheduled job runs on the leader, once, with several processes on PostgreSQL
 * (server/cluster/scheduled-jobs.ts lists them): two real server processes on one throwaway
 * PostgreSQL and one DATA_DIR, with work waiting for each job — an assignment due for
 * scheduled publishing, an old tombstone, an ended rate-limit window, an expired unfinished
 * upload. While the test itself holds the leader lock, neither process does any of it. Released,
 * one process takes the lead and does all four — each logged by that process only. Then that
 * leader is killed (-9) with new work waiting: the other process takes over and does it.
 * The nightly backup is SQLite's (one process: the leader) and goes through the same gate.
 *
 * A guard for jobs added later: every timer in server/ must be one this file knows (a job on
 * the leader, or per-process plumbing); a new one fails here until it is looked at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startServerProcess, type ServerProcess } from '../console/server-process.ts';
import { startTestPostgres, type TestPostgres } from '../../../helpers/test-postgres.ts';
import { PostgresDatabase } from '../../../../server/store/postgres/postgres-database.ts';
import { createServices, type Services } from '../../../../server/services.ts';
import { FsBlobStore } from '../../../../server/blobs/fs-blob-store.ts';
import { activateServerKey } from '../../../../server/auth/server-key.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { LEADER_LOCK_SQL } from '../../../../server/cluster/leadership.ts';

let pgServer: TestPostgres;
let root: string;
let dataDir: string;
let db: PostgresDatabase;
let services: Services;
let sql: pg.Client;
let servers: ServerProcess[] = [];
let classId: string;

const JOB_LINES = {
  publishing: /Scheduled publishing: published 1 assignment\(s\)\./g,
  purge: /Purged \d+ sync tombstones older than 1 days\./g,
  rateLimits: /Rate-limit clean-up: removed 1 ended windows\./g,
  uploads: /Expired-upload sweep: removed 1 unfinished uploads/g,
};
const LEADER_LINE = /This process now runs the scheduled jobs \(leader\)\./;

beforeAll(async () => {
  pgServer = await startTestPostgres();
  root = mkdtempSync(join(tmpdir(), 'cartable-jobs-'));
  dataDir = join(root, 'data');
  mkdirSync(join(dataDir, 'uploads'), { recursive: true, mode: 0o700 });
  activateServerKey(dataDir);
  db = await PostgresDatabase.open(pgServer.url);
  services = createServices(db, new FsBlobStore(join(dataDir, 'blobs')));
  sql = new pg.Client({ connectionString: pgServer.url });
  await sql.connect();
}, 120_000);

afterAll(async () => {
  for (const s of servers) if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGTERM');
  await Promise.all(servers.map((s) => s.exited));
  await sql?.end();
  await db?.close();
  await pgServer?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Work for every job: what it is, and whether it is still waiting. */
async function workForEveryJob(tag: string) {
  // Scheduled publishing: a draft whose publication time has passed.
  const asg = await services.content.createAssignment(SYSTEM, classId, { title: `Devoir ${tag}`, instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q1', kind: 'text', prompt: 'Réponds', points: 1 }] });
  await services.content.scheduleAssignment(SYSTEM, asg.id, { publishAt: new Date(Date.now() + 3600_000).toISOString() });
  await sql.query("UPDATE assignments SET publish_at = '2020-01-01T00:00:00.000Z' WHERE id = $1", [asg.id]);
  // Tombstone purge: a deleted lesson, and every change made old.
  const lesson = await services.content.createLesson(SYSTEM, classId, { title: `Leçon ${tag}`, bodyMarkdown: 'x' });
  await services.content.publishLesson(SYSTEM, lesson.id, null);
  await services.content.deleteLesson(SYSTEM, lesson.id);
  await sql.query("UPDATE changes SET at = '2020-01-01T00:00:00.000Z'");
  // Rate-limit clean-up: a window that ended.
  await sql.query('INSERT INTO rate_limits (key, hits, window_ends) VALUES ($1, 3, 0)', [`POST /api/auth/login|${tag}`]);
  // Expired-upload sweep: an unfinished tus upload created long ago.
  const uploadId = randomBytes(16).toString('hex');
  writeFileSync(join(dataDir, 'uploads', uploadId), randomBytes(1000));
  writeFileSync(join(dataDir, 'uploads', `${uploadId}.json`), JSON.stringify({ id: uploadId, size: 5000, offset: 1000, metadata: {}, creation_date: '2020-01-01T00:00:00.000Z' }));
  return {
    waiting: async () => ({
      publishing: (await sql.query('SELECT status FROM assignments WHERE id = $1', [asg.id])).rows[0].status === 'draft',
      purge: (await sql.query("SELECT 1 FROM changes WHERE entity_id = $1 AND op = 'delete'", [lesson.id])).rowCount === 1,
      rateLimits: (await sql.query('SELECT 1 FROM rate_limits WHERE key = $1', [`POST /api/auth/login|${tag}`])).rowCount === 1,
      uploads: existsSync(join(dataDir, 'uploads', `${uploadId}.json`)),
    }),
  };
}

const allWaiting = { publishing: true, purge: true, rateLimits: true, uploads: true };
const noneWaiting = { publishing: false, purge: false, rateLimits: false, uploads: false };

async function eventually(check: () => Promise<unknown>, expected: unknown, ms = 20_000) {
  const until = Date.now() + ms;
  let got: unknown;
  while (Date.now() < until) {
    got = await check();
    if (JSON.stringify(got) === JSON.stringify(expected)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(got).toEqual(expected);
}

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

describe('scheduled jobs with two processes on one PostgreSQL', () => {
  it('none runs while neither process leads; one process takes the lead and runs each job once', async () => {
    await sql.query(`SELECT pg_advisory_lock(${LEADER_LOCK_SQL})`); // the test leads: both processes are followers
    // As deploy/compose.yaml starts them: DEMO=0 on an empty database.
    const env = { DATABASE_URL: pgServer.url, DATA_DIR: dataDir, STATIC_DIR: join(root, 'no-build'), DEMO: '0', LEADER_RETRY_MS: '300', SYNC_TOMBSTONE_DAYS: '1' };
    mkdirSync(env.STATIC_DIR, { recursive: true });
    servers = await Promise.all([startServerProcess(env, 90_000), startServerProcess(env, 90_000)]);
    expect((await sql.query('SELECT COUNT(*)::int AS n FROM schools')).rows[0].n).toBe(0); // DEMO=0: no demo school
    for (const s of servers) expect(s.output()).not.toContain('First start');
    expect(existsSync(join(dataDir, 'demo-accounts.json'))).toBe(false);

    const school = await services.school.createSchool('Collège des Tilleuls');
    const teacher = await services.school.createUser(SYSTEM, { schoolId: school.id, role: 'teacher', login: 'prof', displayName: 'Prof', password: 'jobs-on-the-leader' });
    classId = (await services.roster.createClass(SYSTEM, { name: '5e B', teacherIds: [teacher.id] }, school.id)).id;
    const work = await workForEveryJob('first');
    await new Promise((r) => setTimeout(r, 2500)); // many tries of the lock each
    expect(await work.waiting()).toEqual(allWaiting);
    for (const s of servers) expect(s.output()).not.toMatch(LEADER_LINE);

    await sql.query(`SELECT pg_advisory_unlock(${LEADER_LOCK_SQL})`);
    await eventually(work.waiting, noneWaiting);
    const leaders = servers.filter((s) => LEADER_LINE.test(s.output()));
    expect(leaders).toHaveLength(1);
    const follower = servers.find((s) => s !== leaders[0])!;
    for (const [job, re] of Object.entries(JOB_LINES)) {
      expect(count(leaders[0]!.output(), re), `${job} on the leader`).toBe(1);
      expect(count(follower.output(), re), `${job} on the follower`).toBe(0);
    }
  }, 180_000);

  it('the leader killed (-9) with work waiting: the other process takes the jobs over and runs each once', async () => {
    const leader = servers.find((s) => LEADER_LINE.test(s.output()))!;
    const follower = servers.find((s) => s !== leader)!;
    // The test queues for the lock first, so it (not the follower) holds it when the leader dies:
    // the new work is then set out before anyone runs the jobs.
    const waiter = new pg.Client({ connectionString: pgServer.url });
    await waiter.connect();
    try {
      const queued = waiter.query(`SELECT pg_advisory_lock(${LEADER_LOCK_SQL})`);
      await new Promise((r) => setTimeout(r, 300));
      leader.proc.kill('SIGKILL');
      await leader.exited;
      await queued;
      const work = await workForEveryJob('second');
      await new Promise((r) => setTimeout(r, 1000));
      expect(await work.waiting()).toEqual(allWaiting);
      expect(follower.output()).not.toMatch(LEADER_LINE);
      await waiter.query(`SELECT pg_advisory_unlock(${LEADER_LOCK_SQL})`);
      await follower.waitForOutput(LEADER_LINE, 15_000);
      await eventually(work.waiting, noneWaiting);
      for (const [job, re] of Object.entries(JOB_LINES)) expect(count(follower.output(), re), job).toBe(1);
    } finally {
      await waiter.end();
    }
  }, 120_000);
});

describe('timers in server/', () => {
  /** Every file of server/ that sets a timer, and why that is not a job that must run once. */
  const KNOWN: Record<string, string> = {
    'server/cluster/leadership.ts': 'the leader lock\'s retries and runAsLeader itself (the tombstone purge, rate-limit clean-up, upload sweep)',
    'server/content/publish-scheduler.ts': 'scheduled publishing: runs only while leadership.isLeader() (tested above)',
    'server/backup/scheduled-backup.ts': 'the nightly backup: its run checks leadership.isLeader() (cluster/scheduled-jobs.ts)',
    'server/live/live-hub.ts': 'heartbeats of the live streams this process holds (per process by design)',
    'server/cluster/pg-live-bus.ts': 'reconnecting this process\'s LISTEN connection',
    'server/cluster/pg-upload-locker.ts': 'reconnecting this process\'s LISTEN connection, polling a lock it waits for',
  };

  it('are all known: a new one is a job for the leader (cluster/scheduled-jobs.ts) or per-process plumbing, said here', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && /\bset(Interval|Timeout)\(/.test(readFileSync(p, 'utf8'))) files.push(relative(process.cwd(), p));
      }
    };
    walk(join(process.cwd(), 'server'));
    expect(files.sort()).toEqual(Object.keys(KNOWN).sort());
  });
});
