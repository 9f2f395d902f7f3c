/**
 * Two server processes starting at once each register their dist/ (issue 16: `npm start`
 * registers it at every start). Registration reads (is this content known? the next n°) then
 * inserts, so it must be safe when two do it at the same moment:
 * - PostgreSQL, two pools (two processes): the first registration is held INSIDE its COMMIT (a
 *   deferred trigger created by the test, as in postgres/concurrent-writers.test.ts) while the
 *   second runs. The same content → one build, the second answers it; other content → the next n°.
 *   Without the lock, the second read the same MAX(n°) and failed on the UNIQUE n° (a 500 at start).
 * - SQLite and the build files: four processes register the same dist/ into one DATA_DIR at once
 *   (one build, one complete copy, no temp folder left); and a copy that finds another process's
 *   complete copy already in place keeps it (the earlier code deleted it under that process).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createServices, type Services } from '../../../../server/services.ts';
import { activateServerKey } from '../../../../server/auth/server-key.ts';
import { FsBlobStore } from '../../../../server/blobs/fs-blob-store.ts';
import { PostgresDatabase } from '../../../../server/store/postgres/postgres-database.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { buildFilesDir, buildsRoot, placeBuild, readBuild } from '../../../../server/updates/build-files.ts';
import { startTestPostgres, type TestPostgres } from '../../../helpers/test-postgres.ts';
import { commitHold, type CommitHold } from '../../../helpers/pg-commit-hold.ts';
import { runSnippet } from '../../../helpers/run-snippet.ts';
import { fakeBuild as makeFakeBuild } from '../../../helpers/fake-build.ts';

const HOLD_KEY = 4343;
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cartable-build-race-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A stand-in build in the test's folder (tests/helpers/fake-build.ts). */
const fakeBuild = (name: string, version: string): string => makeFakeBuild(tmp, name, version, { chunks: 40 });

describe('PostgreSQL: two processes register at the same moment', () => {
  let server: TestPostgres;
  let dbs: PostgresDatabase[] = [];
  let a: Services;
  let b: Services;
  let admin: pg.Client;
  let commits: CommitHold;

  beforeAll(async () => {
    server = await startTestPostgres();
    activateServerKey(tmp);
    dbs = [await PostgresDatabase.open(server.url), await PostgresDatabase.open(server.url)];
    a = createServices(dbs[0]!, new FsBlobStore(join(tmp, 'blobs')));
    b = createServices(dbs[1]!, new FsBlobStore(join(tmp, 'blobs')));
    admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    commits = await commitHold(admin, HOLD_KEY);
  });
  afterAll(async () => {
    await admin?.end();
    for (const db of dbs) await db.close();
    await server?.stop();
  });

  /** Until `release()`, the transaction that inserts the build of content `files` waits inside its COMMIT. */
  const holdCommit = (files: string) => commits.hold('app_builds', 'files', files, 'INSERT');
  const untilWaiting = (n: number, p: Promise<unknown>) => commits.untilWaiting(n, p);

  const files = (n: number) => n.toString(16).padStart(64, '0');

  it('the same content: one build, the second process answers the first one’s', async () => {
    const hold = await holdCommit(files(1));
    const first = a.updates.registerBuild(SYSTEM, { version: '2.0.0', files: files(1) });
    await untilWaiting(1, first);
    const second = b.updates.registerBuild(SYSTEM, { version: '2.0.0', files: files(1) });
    await untilWaiting(2, second);
    await hold.release();
    const [r1, r2] = await Promise.all([first, second]);
    expect(r1.created).toBe(true);
    expect(r2).toMatchObject({ created: false, build: { id: r1.build.id, number: r1.build.number } });
    expect((await admin.query('SELECT COUNT(*)::int AS n FROM app_builds WHERE files = $1', [files(1)])).rows[0].n).toBe(1);
  });

  it('two different builds (two server versions starting together): consecutive n°, both registered', async () => {
    const hold = await holdCommit(files(2));
    const first = a.updates.registerBuild(SYSTEM, { version: '2.1.0', files: files(2) });
    await untilWaiting(1, first);
    const second = b.updates.registerBuild(SYSTEM, { version: '2.2.0', files: files(3) });
    await untilWaiting(2, second);
    await hold.release();
    const [r1, r2] = await Promise.all([first, second]);
    expect([r1.created, r2.created]).toEqual([true, true]);
    expect(r2.build.number).toBe(r1.build.number + 1);
  });

  it('a school that runs no build yet adopts exactly one, whichever process starts first', async () => {
    const school = await a.school.createSchool('Collège des Deux Démarrages');
    const builds = await a.updates.listBuilds(SYSTEM);
    const [n1, n2] = await Promise.all([a.updates.adoptAsDefault(builds[0]!.id), b.updates.adoptAsDefault(builds[1]!.id)]);
    expect(n1 + n2).toBe(1);
    expect((await admin.query("SELECT COUNT(*)::int AS n FROM app_rollouts WHERE school_id = $1 AND scope = 'school'", [school.id])).rows[0].n).toBe(1);
  });
});

/** What main.ts does at start, in a fresh Node process on SQLite: registers `dist`; prints the build id and n°. */
function registerLikeAServer(dataDir: string, dist: string): Promise<string> {
  const code = `const { openSqliteServer } = await import('./server/store/sqlite/sqlite-server.ts');
    const { registerBuildDir } = await import('./server/updates/register-build.ts');
    const [dataDir, dist] = process.argv.slice(1);
    const server = openSqliteServer(dataDir + '/cartable.sqlite');
    const { build } = await registerBuildDir(server, dataDir, dist);
    console.log(build.id + ' ' + build.number);
    await server.db.close();`;
  return runSnippet(code, [dataDir, dist]);
}

describe('SQLite and the build files: processes sharing one DATA_DIR', () => {
  it('four processes registering the same dist/ at once agree on one build and leave one complete copy', async () => {
    const dist = fakeBuild('dist-shared', '3.0.0');
    const dataDir = join(tmp, 'data-shared');
    mkdirSync(dataDir);
    // The database exists before they start (as when one server runs and the admin CLI registers).
    const first = await registerLikeAServer(dataDir, fakeBuild('dist-first', '2.9.0'));
    const answers = await Promise.all(Array.from({ length: 4 }, () => registerLikeAServer(dataDir, dist)));
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]!.split(' ')[1]).toBe(String(Number(first.split(' ')[1]) + 1));
    const { files } = readBuild(dist);
    expect(readdirSync(buildsRoot(dataDir)).sort()).toEqual([readBuild(join(tmp, 'dist-first')).files, files].sort()); // no temp folder left
    expect(readdirSync(join(buildFilesDir(dataDir, files), 'assets'))).toHaveLength(41);
    expect(readBuild(buildFilesDir(dataDir, files)).files).toBe(files); // the kept copy is whole
  }, 120_000);

  it('a copy finding another process’s complete copy in place keeps that one (never deleted under a reader)', () => {
    const dist = fakeBuild('dist-placed', '3.1.0');
    const dataDir = join(tmp, 'data-placed');
    const { files } = readBuild(dist);
    const target = buildFilesDir(dataDir, files);
    // Another process got there first, between our check and our rename.
    placeBuild(dist, join(dataDir, 'builds', '.tmp-other'), target);
    writeFileSync(join(target, 'served-by-the-other-process'), '1');
    const ours = join(dataDir, 'builds', '.tmp-ours');
    placeBuild(dist, ours, target);
    expect(existsSync(join(target, 'served-by-the-other-process'))).toBe(true);
    expect(existsSync(ours)).toBe(false);
    expect(readFileSync(join(target, 'sw.js'), 'utf8')).toBe('/* sw 3.1.0 */');
  });
});
