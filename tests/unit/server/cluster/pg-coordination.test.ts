/**
 * Several server processes on one PostgreSQL, as two coordinations in this test process (each
 * with its own connections, as two processes would have): one leader at a time, taken over
 * when the leader's connection dies or it steps down; tus upload locks that exclude each
 * other across processes, ask the holder to let go (NOTIFY → requestRelease), time out when it
 * does not, and are freed by PostgreSQL when the holder's connection dies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ERRORS } from '@tus/server';
import { PgLeadership, runAsLeader } from '../../../../server/cluster/leadership.ts';
import { PgUploadLocker } from '../../../../server/cluster/pg-upload-locker.ts';
import { startTestPostgres, type TestPostgres } from '../../../helpers/test-postgres.ts';

let server: TestPostgres;
let admin: pg.Client;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  server = await startTestPostgres();
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  await admin.end();
  await server.stop();
});

async function waitFor(what: string, pred: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Kills the database sessions of one application (what a crashed process leaves behind). */
async function terminate(pids: number[]) {
  for (const pid of pids) await admin.query('SELECT pg_terminate_backend($1)', [pid]);
}
async function advisoryHolders(): Promise<number[]> {
  const r = await admin.query<{ pid: number }>("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted");
  return r.rows.map((x) => x.pid);
}

describe('leadership', () => {
  it('elects exactly one leader, runs the job there only, and hands over when the leader dies or steps down', async () => {
    const a = await PgLeadership.start(server.url, { retryMs: 100 });
    const b = await PgLeadership.start(server.url, { retryMs: 100 });
    cleanups.push(() => a.close(), () => b.close());
    const runs = { a: 0, b: 0 };
    const stopA = runAsLeader(a, { name: 'job', everyMs: 60_000, run: async () => void runs.a++ });
    const stopB = runAsLeader(b, { name: 'job', everyMs: 60_000, run: async () => void runs.b++ });
    cleanups.push(async () => { stopA(); stopB(); });

    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]); // a tried first
    await new Promise((r) => setTimeout(r, 400)); // b keeps trying: still a follower
    expect(b.isLeader()).toBe(false);
    expect(runs).toEqual({ a: 1, b: 0 });

    // The leader's connection dies (a network cut, the database restarted it): PostgreSQL drops
    // its lock; a reconnects and both try again — whoever wins, exactly one leads and the job
    // runs once more. (A leader process that really dies — kill -9 — is in the two-process e2e.)
    await terminate(await advisoryHolders());
    await waitFor('a leader again', () => a.isLeader() || b.isLeader());
    await new Promise((r) => setTimeout(r, 400));
    expect(Number(a.isLeader()) + Number(b.isLeader())).toBe(1);
    expect(runs.a + runs.b).toBe(2);

    // The leader stops (SIGTERM): the other takes over and runs the job.
    const [leader, follower] = a.isLeader() ? [a, b] : [b, a];
    await leader.close();
    await waitFor('the follower leads', () => follower.isLeader());
    expect(runs.a + runs.b).toBe(3);
    expect(follower === a ? runs.a : runs.b).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(leader.isLeader()).toBe(false);
  });
});

describe('tus upload locks in PostgreSQL', () => {
  async function twoProcesses(options: { acquireTimeoutMs?: number } = {}) {
    const make = async () => {
      const pool = new pg.Pool({ connectionString: server.url, max: 4 });
      const locker = await new PgUploadLocker(pool, server.url, { pollMs: 20, ...options }).start();
      cleanups.push(async () => { await locker.close(); await pool.end(); });
      return locker;
    };
    return [await make(), await make()] as const;
  }

  it('lets one request hold an upload: the other asks it to let go (requestRelease) and gets the lock once it does', async () => {
    const [p1, p2] = await twoProcesses();
    const held = p1.newLock('upload-a');
    let asked = 0;
    await held.lock(new AbortController().signal, () => {
      asked++;
      void held.unlock(); // what tus does: the PATCH ends and unlocks
    });
    const order: string[] = [];
    const waiter = p2.newLock('upload-a');
    await waiter.lock(new AbortController().signal, () => undefined).then(() => order.push('p2 locked'));
    expect(asked).toBeGreaterThanOrEqual(1);
    expect(order).toEqual(['p2 locked']);
    // Another upload is not blocked by it.
    const other = p1.newLock('upload-b');
    await other.lock(new AbortController().signal, () => undefined);
    await other.unlock();
    await waiter.unlock();
  });

  it('times out when the holder does not let go, and an aborted request stops waiting', async () => {
    const [p1, p2] = await twoProcesses({ acquireTimeoutMs: 300 });
    const held = p1.newLock('upload-c');
    await held.lock(new AbortController().signal, () => undefined); // ignores the request
    await expect(p2.newLock('upload-c').lock(new AbortController().signal, () => undefined)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 50);
    await expect(p2.newLock('upload-c').lock(ac.signal, () => undefined)).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    expect(Date.now() - started).toBeLessThan(250);
    await held.unlock();
    const after = p2.newLock('upload-c');
    await after.lock(new AbortController().signal, () => undefined);
    await after.unlock();
  });

  it('frees the lock of a process whose connection died', async () => {
    const [p1, p2] = await twoProcesses({ acquireTimeoutMs: 5000 });
    const before = new Set(await advisoryHolders());
    const dead = p1.newLock('upload-d');
    await dead.lock(new AbortController().signal, () => undefined);
    const holder = (await advisoryHolders()).filter((pid) => !before.has(pid));
    expect(holder).toHaveLength(1);
    const waiting = p2.newLock('upload-d');
    const got = waiting.lock(new AbortController().signal, () => undefined);
    await new Promise((r) => setTimeout(r, 100));
    await terminate(holder);
    await got;
    await waiting.unlock();
    await dead.unlock(); // its request ends in the end: the broken connection is closed, not reused
    expect(p1.pool.totalCount).toBe(p1.pool.idleCount);
  });
});
