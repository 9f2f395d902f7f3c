/**
 * Rate limits across processes: two in-process apps (two pools, two coordinations — what two
 * server processes hold) on one PostgreSQL share one allowance per address, so guesses at
 * an enrolment code are limited to 20 a minute in all, not 20 per process. The counters live
 * in `rate_limits` (migration 004); the leader's clean-up removes ended windows only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp, type App } from '../../../../server/app.ts';
import { createServices } from '../../../../server/services.ts';
import { FsBlobStore } from '../../../../server/blobs/fs-blob-store.ts';
import { PostgresDatabase } from '../../../../server/store/postgres/postgres-database.ts';
import { postgresCoordination, type Coordination } from '../../../../server/cluster/coordination.ts';
import { startTestPostgres, type TestPostgres } from '../../../helpers/test-postgres.ts';

let server: TestPostgres;
let dataDir: string;
const apps: App[] = [];
const closers: (() => Promise<void>)[] = [];
let coordinations: Coordination[] = [];

beforeAll(async () => {
  server = await startTestPostgres();
  dataDir = mkdtempSync(join(tmpdir(), 'cartable-shared-limit-'));
  for (let i = 0; i < 2; i++) {
    const db = await PostgresDatabase.open(server.url);
    const coordination = await postgresCoordination(server.url);
    coordinations.push(coordination);
    const app = await buildApp({ services: createServices(db, new FsBlobStore(join(dataDir, 'blobs')), coordination), config: { dataDir, staticDir: null, logRequests: false, appVersion: 'test' } });
    apps.push(app);
    closers.push(async () => { await app.close(); await coordination.close(); await db.close(); });
  }
});
afterAll(async () => {
  for (const c of closers) await c();
  coordinations = [];
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const enrol = (app: App, i: number, remoteAddress = '10.1.2.3') =>
  app.inject({ method: 'POST', url: '/api/devices/enrol', remoteAddress, payload: { code: `ZZZZ-ZZ${String(i).padStart(2, '0')}`, name: 'Tablette' } });

describe('rate limits shared by the processes', () => {
  it('counts the guesses sent to either process against one allowance (20 a minute), per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await enrol(apps[i % 2]!, i)).statusCode); // alternating, as a load balancer
    expect(statuses.slice(0, 20).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(20)).toEqual(Array(10).fill(429));
    // Both processes refuse, with the code and the window's end.
    const refused = await enrol(apps[0]!, 99);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await enrol(apps[1]!, 98)).statusCode).toBe(429);
    // Another address has its own allowance; so has another route (sign-in).
    expect((await enrol(apps[1]!, 1, '10.9.9.9')).statusCode).not.toBe(429);
    const login = await apps[0]!.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.1.2.3', payload: { login: 'nobody', password: 'wrong-pass' } });
    expect(login.statusCode).not.toBe(429);
  });

  it('counts concurrent requests exactly (one upsert each, no read-then-write)', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => enrol(apps[i % 2]!, i, '10.4.4.4')));
    expect(results.filter((r) => r.statusCode === 429)).toHaveLength(20);
  });

  it('the clean-up keeps running windows and removes ended ones', async () => {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    try {
      await admin.query("INSERT INTO rate_limits (key, hits, window_ends) VALUES ('old|1.2.3.4', 5, 1000)");
      const before = Number((await admin.query('SELECT COUNT(*) AS n FROM rate_limits')).rows[0].n);
      expect(await coordinations[0]!.housekeeping()).toBe(1);
      expect(Number((await admin.query('SELECT COUNT(*) AS n FROM rate_limits')).rows[0].n)).toBe(before - 1);
      expect((await enrol(apps[1]!, 97)).statusCode).toBe(429); // the running window survived
    } finally {
      await admin.end();
    }
  });
});
