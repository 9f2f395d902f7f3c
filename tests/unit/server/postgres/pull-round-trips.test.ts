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
