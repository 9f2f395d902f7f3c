/**
 * What a tablet's no-change pull costs PostgreSQL, counted in statements sent (round trips),
 * not in time (bench:server measures time): the device and session checks, the snapshot read.
 * A write transaction that only read sends no BEGIN/COMMIT (pg-session.ts), and the last-contact
 * and last-sync stamps are not written again within their half-minute (they were just read).
 * The first pull of a minute still writes both stamps, each in its own transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp, type App } from '../../../../server/app.ts';
import { createServices } from '../../../../server/services.ts';
import { activateServerKey } from '../../../../server/auth/server-key.ts';
import { PostgresDatabase } from '../../../../server/store/postgres/postgres-database.ts';
import { FsBlobStore } from '../../../../server/blobs/fs-blob-store.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { PgSession } from '../../../../server/store/postgres/pg-session.ts';
import { startTestPostgres, type TestPostgres } from '../../../helpers/test-postgres.ts';

let pgServer: TestPostgres;
let dataDir: string;
let db: PostgresDatabase;
let app: App;
let headers: Record<string, string>;
let deviceId: string;

/** Every statement a pg client sends while `fn` runs (the test's own connection is not used meanwhile). */
async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0];
    sent.push(typeof q === 'string' ? q : (q as { text?: string }).text ?? '?');
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return sent;
}

beforeAll(async () => {
  pgServer = await startTestPostgres();
  dataDir = mkdtempSync(join(tmpdir(), 'cartable-trips-'));
  activateServerKey(dataDir);
  db = await PostgresDatabase.open(pgServer.url);
  const services = createServices(db, new FsBlobStore(join(dataDir, 'blobs')));
  app = await buildApp({ services, config: { dataDir, staticDir: null, logRequests: false, appVersion: 'test' } });
  const school = await services.school.createSchool('Collège Pasteur');
  await services.school.createUser(SYSTEM, { schoolId: school.id, role: 'it', login: 'it', displayName: 'IT', password: 'round-trips-it' });
  const cls = await services.roster.createClass(SYSTEM, { name: '5e B' }, school.id);
  const pupil = await services.roster.createStudent(SYSTEM, cls.id, { firstName: 'Léa', lastName: 'Martin', secret: '2468' });
  const it = (await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'it', password: 'round-trips-it' } })).json().token as string;
  const code = (await app.inject({ method: 'POST', url: '/api/devices/codes', headers: { authorization: `Bearer ${it}` }, payload: { classId: cls.id } })).json().code as string;
  const enrol = (await app.inject({ method: 'POST', url: '/api/devices/enrol', payload: { code, name: 'Tablette 1' } })).json() as { deviceId: string; deviceToken: string };
  deviceId = enrol.deviceId;
  const signIn = await app.inject({ method: 'POST', url: '/api/auth/student', headers: { 'x-cartable-device': enrol.deviceToken }, payload: { studentId: pupil.id, secret: '2468' } });
  headers = { 'x-cartable-device': enrol.deviceToken, authorization: `Bearer ${signIn.json().token as string}` };
}, 60_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
  await pgServer?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a no-change pull on PostgreSQL', () => {
  let cursor = '';
  const pull = async () => {
    const r = await app.inject({ method: 'GET', url: `/api/sync/pull?cursor=${encodeURIComponent(cursor)}`, headers });
    expect(r.statusCode).toBe(200);
    cursor = r.json().cursor as string;
  };

  it('the first of its half-minute writes the last contact and the last sync', async () => {
    await pull(); // catch up
    const stamps = await db.pool.query('SELECT last_seen_at, last_sync_at FROM devices WHERE id = $1', [deviceId]);
    await db.pool.query("UPDATE devices SET last_seen_at = '2020-01-01T00:00:00.000Z', last_sync_at = '2020-01-01T00:00:00.000Z' WHERE id = $1", [deviceId]);
    const sent = await statementsDuring(pull);
    const after = await db.pool.query('SELECT last_seen_at, last_sync_at FROM devices WHERE id = $1', [deviceId]);
    expect(after.rows[0].last_seen_at > '2026').toBe(true);
    expect(after.rows[0].last_sync_at > '2026').toBe(true);
    expect(stamps.rows).toHaveLength(1);
    expect(sent.filter((s) => /^UPDATE devices/.test(s))).toHaveLength(2);
  });

  it('the next ones only read: no write, no empty transaction', async () => {
    const sent = await statementsDuring(pull);
    expect(sent.filter((s) => /^(UPDATE|INSERT|DELETE)\b/i.test(s))).toEqual([]);
    // One read transaction (the pull's snapshot) and nothing else wrapped in BEGIN … COMMIT.
    expect(sent.filter((s) => /^BEGIN\b/.test(s))).toEqual(['BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY']);
    expect(sent.filter((s) => /^COMMIT\b/.test(s))).toHaveLength(1);
    // The device, the session and its pupil before it, read on their own (16 statements before: docs/SCALING.md).
    expect(sent.findIndex((s) => /^BEGIN\b/.test(s))).toBe(3);
    expect(sent).toHaveLength(10);
  });
});

describe('a write transaction on PostgreSQL begins with its first statement that needs it', () => {
  const begins = (sent: string[]) => sent.map((s) => (/^BEGIN\b/.test(s) ? 'BEGIN' : /^COMMIT\b/.test(s) ? 'COMMIT' : /^ROLLBACK\b/.test(s) ? 'ROLLBACK' : 'stmt'));

  it('not for plain reads; before a row lock, an advisory lock, a write, a savepoint; rolled back when it began', async () => {
    const client = await db.pool.connect();
    try {
      const cases: [string, (s: InstanceType<typeof PgSession>) => Promise<unknown>, string[]][] = [
        ['plain reads', async (s) => { await s.one('SELECT 1 AS x'); await s.rows('SELECT id FROM devices'); }, ['stmt', 'stmt']],
        ['a row lock', async (s) => { await s.one('SELECT 1 AS x'); await s.one('SELECT id FROM devices WHERE id = $1 FOR UPDATE', [deviceId]); }, ['stmt', 'BEGIN', 'stmt']],
        ['an advisory lock', (s) => s.lock('k'), ['BEGIN', 'stmt']],
        ['a CTE', (s) => s.rows('WITH x AS (SELECT 1 AS n) SELECT n FROM x'), ['BEGIN', 'stmt']],
        ['a write', (s) => s.run('UPDATE devices SET name = name WHERE id = $1', [deviceId]), ['BEGIN', 'stmt']],
      ];
      for (const [what, fn, expected] of cases) {
        const s = new PgSession(client, true, 'BEGIN ISOLATION LEVEL READ COMMITTED');
        const sent = await statementsDuring(() => fn(s));
        expect(begins(sent), what).toEqual(expected);
        if (s.inTransaction) await client.query('ROLLBACK');
      }
    } finally {
      client.release();
    }
    // Through the Database: a savepoint begins; a failed transaction that began is rolled back, one that only read is not.
    const sp = await statementsDuring(() => db.write((tx) => tx.savepoint(async () => tx.devices.byId(deviceId))));
    expect(begins(sp)[0]).toBe('BEGIN');
    const failedAfterWrite = await statementsDuring(() => db.write(async (tx) => { await tx.devices.touch(deviceId, new Date().toISOString()); throw new Error('no'); }).catch(() => undefined));
    expect(begins(failedAfterWrite)).toEqual(['BEGIN', 'stmt', 'ROLLBACK']);
    const failedAfterRead = await statementsDuring(() => db.write(async (tx) => { await tx.devices.byId(deviceId); throw new Error('no'); }).catch(() => undefined));
    expect(begins(failedAfterRead)).toEqual(['stmt']);
  });
});
