/**
 * `npm run admin -- migrate-to-postgres` for real: the demo school on SQLite with rows in EVERY
 * table of the schema (tests/helpers/school-every-area.ts: a tablet, a hand-in with a photo,
 * marking, a spoken comment, a paper pack, a live class, app builds and rollouts, the audit
 * log…); the command (a child process, as the IT referent runs it) copies it into a throwaway
 * PostgreSQL and an s3rver bucket, twice (the second copies nothing). The test reads the
 * schema's tables itself and fails for any the report does not show copied and verified; a
 * target holding rows that are not the source's (changed, or a server started on it) is
 * refused. Then a server on the target, same DATA_DIR, signs the teacher and a pupil in, serves the photo byte-identical, the
 * cursor the tablet held before the migration pulls on without a 410 — and gets what is new —
 * and the audit log's ids continue after the copied ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import Database from 'better-sqlite3';
import { buildApp, type App } from '../../../../server/app.ts';
import { createServices } from '../../../../server/services.ts';
import { activateServerKey } from '../../../../server/auth/server-key.ts';
import { PostgresDatabase } from '../../../../server/store/postgres/postgres-database.ts';
import { S3BlobStore } from '../../../../server/blobs/s3-blob-store.ts';
import { DEMO_IT, DEMO_SECRET, DEMO_TEACHER, seedDemoSchool, type DemoInfo } from '../../../../server/seed/demo-school.ts';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { registerBuildDir } from '../../../../server/updates/register-build.ts';
import { startTestPostgres, type TestPostgres } from '../../../helpers/test-postgres.ts';
import { startTestS3, type TestS3 } from '../../../helpers/test-s3.ts';
import { sha256Hex } from '../../media/media-bytes.ts';
import { fillEveryArea, type EveryArea } from '../../../helpers/school-every-area.ts';

const run = promisify(execFile);
let pgServer: TestPostgres;
let s3: TestS3;
let dataDir: string;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  [pgServer, s3] = await Promise.all([startTestPostgres(), startTestS3()]);
  dataDir = mkdtempSync(join(tmpdir(), 'cartable-migrate-'));
});
afterAll(async () => {
  for (const c of closers.reverse()) await c().catch(() => undefined);
  await pgServer?.stop();
  await s3?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const admin = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', 'server/cli/admin.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: pgServer.url, ...s3.env, ...env },
  }).then(({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }));

interface Pulled { changes: { entity: string; id?: string; entityId?: string }[]; cursor: string; hasMore: boolean }
async function pullAll(base: string, headers: Record<string, string>, cursor?: string): Promise<{ status: number; cursor: string; changes: Pulled['changes'] }> {
  const changes: Pulled['changes'] = [];
  let at = cursor;
  for (;;) {
    const res = await fetch(`${base}/api/sync/pull${at !== undefined ? `?cursor=${encodeURIComponent(at)}` : ''}`, { headers });
    if (res.status !== 200) return { status: res.status, cursor: at ?? '', changes };
    const page = (await res.json()) as Pulled;
    changes.push(...page.changes);
    at = page.cursor;
    if (!page.hasMore) return { status: 200, cursor: at, changes };
  }
}

/** The school's tables as the SQLite schema lists them, found here apart from the code under test. */
function schemaTables(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name").pluck().all() as string[]);
  } finally {
    db.close();
  }
}

describe('migrate-to-postgres', () => {
  let demo: DemoInfo;
  let device: { deviceToken: string; deviceId: string };
  let pupil: { id: string; token: string };
  let cursorBefore: string;
  let filled: EveryArea;
  let photo: Buffer;
  let attachmentId: string;
  let imageId: string;
  let imageBytes: Buffer;
  let auditIdsBefore: number;

  it('starts from a school on SQLite with rows in every table: demo, tablet, hand-in, marking, paper, live class, updates, audit', async () => {
    const t: TestApp = await startTestApp({ dataDir });
    try {
      demo = await seedDemoSchool(t.store.services);
      const base = await t.listen();
      const enrol = await fetch(`${base}/api/devices/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: demo.enrolmentCode, name: 'Tablette 3' }) });
      expect(enrol.status).toBe(201);
      device = (await enrol.json()) as { deviceToken: string; deviceId: string };
      const dh = { 'x-cartable-device': device.deviceToken };
      const roster = (await (await fetch(`${base}/api/device/roster`, { headers: dh })).json()) as { students: { id: string; classId: string }[] };
      const signIn = await fetch(`${base}/api/auth/student`, { method: 'POST', headers: { ...dh, 'content-type': 'application/json' }, body: JSON.stringify({ studentId: roster.students[0]!.id, secret: DEMO_SECRET }) });
      expect(signIn.status).toBe(200);
      pupil = { id: roster.students[0]!.id, token: ((await signIn.json()) as { token: string }).token };
      const headers = { ...dh, authorization: `Bearer ${pupil.token}` };
      const row = t.store.db.prepare("SELECT id, sha256 FROM lesson_media WHERE kind = 'image'").get() as { id: string; sha256: string };
      imageId = row.id;
      imageBytes = Buffer.from(await (await fetch(`${base}/media/${imageId}`, { headers })).arrayBuffer());
      expect(sha256Hex(imageBytes)).toBe(row.sha256);

      const login = async (l: { login: string; password: string }) => ((await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(l) })).json()) as { token: string }).token;
      const photoAssignment = t.store.db.prepare("SELECT id, questions_json FROM assignments WHERE status = 'published' AND questions_json LIKE '%\"photo\"%'").get() as { id: string; questions_json: string };
      filled = await fillEveryArea({
        base, services: t.store.services, dataDir, teacherToken: await login(DEMO_TEACHER), itToken: await login(DEMO_IT),
        classId: roster.students[0]!.classId, studentIds: roster.students.map((s) => s.id), deviceId: device.deviceId, deviceToken: device.deviceToken,
        pupilToken: pupil.token, assignmentId: photoAssignment.id,
        photoQuestionId: (JSON.parse(photoAssignment.questions_json) as { id: string; kind: string }[]).find((q) => q.kind === 'photo')!.id, tag: 'demo',
      });
      ({ photo, attachmentId } = filled);
      // SQLite keeps its rate limits in memory (one process): the table exists for the schema
      // version only. A row put there by hand stands for any row a future version might keep.
      t.store.db.prepare('INSERT INTO rate_limits (key, hits, window_ends) VALUES (?, ?, ?)').run('sign-in|203.0.113.7', 3, Date.now() + 60_000);
      auditIdsBefore = t.store.db.prepare('SELECT MAX(id) FROM audit_log').pluck().get() as number;
      // The daily tombstone purge ran (its watermark is in sync_meta) — before the pull below, whose cursor is after it.
      expect((await t.store.services.sync.purgeTombstonesBefore(new Date().toISOString())).watermark).toBeGreaterThan(0);

      const first = await pullAll(base, headers);
      expect(first.status).toBe(200);
      expect(first.changes.length).toBeGreaterThan(5);
      cursorBefore = first.cursor;
      // The change at the head of the log leaves it (as a purge or a re-stamp can): the cursor
      // now points past MAX(seq), and PostgreSQL's next seq must still come after it.
      const head = t.store.db.prepare('SELECT MAX(seq) FROM changes').pluck().get() as number;
      expect(Number(cursorBefore.split('.')[0])).toBe(head);
      t.store.db.prepare('DELETE FROM changes WHERE seq = ?').run(head);
    } finally {
      await t.close();
    }
    // Every table of the schema holds rows, so the copy below is checked on each of them.
    const file = join(dataDir, 'cartable.sqlite');
    const db = new Database(file, { readonly: true });
    try {
      const empty = schemaTables(file).filter((n) => db.prepare(`SELECT COUNT(*) FROM "${n}"`).pluck().get() === 0);
      expect(empty, 'tables without rows: fill them in tests/helpers/school-every-area.ts').toEqual([]);
    } finally {
      db.close();
    }
  }, 120_000);

  it('copies every table of the schema, verified by counts and content digests, and every blob by its SHA-256; a second run copies nothing', async () => {
    const first = await admin(['migrate-to-postgres']);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/^table\s+SQLite\s+PostgreSQL\s+ok$/m);
    // The list of tables comes from the schema (this test's own reading of it): a table that a
    // later migration adds and the command does not copy and verify fails here.
    const tables = schemaTables(join(dataDir, 'cartable.sqlite'));
    expect(tables.length).toBeGreaterThanOrEqual(33);
    for (const table of tables) {
      const line = new RegExp(`^${table}\\s+(\\d+)\\s+(\\d+)\\s+(.*)$`, 'm').exec(first.out);
      expect(line, `${table} in the report`).not.toBeNull();
      expect(`${table} ${line![1]} ${line![2]} ${line![3]}`).toBe(`${table} ${line![1]} ${line![1]} ok`);
      expect(Number(line![1]), table).toBeGreaterThan(0);
    }
    expect(first.out).toMatch(/^students\s+15\s+15\s+ok$/m);
    // The demo's PNG and WAV, the pupil's photo, the teacher's spoken comment, the returned paper sheet.
    expect(first.out).toMatch(/^blob bytes\s+5\s+5\s+ok \(sha-256\)$/m);
    expect(first.out).toMatch(/^app builds\s+1\s+1\s+ok \(sha-256, kept in DATA_DIR\/builds\)$/m);
    expect(first.out).toContain(`Media: S3 bucket cartable at ${s3.settings.endpoint}`);
    expect(first.out).toMatch(/Copied \d+ rows and 5 blobs\./);
    expect(first.out).toContain('Verified:');

    const second = await admin(['migrate-to-postgres']);
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain('Nothing new to copy: the target already held all of it.');
    expect(second.out).toContain('Verified:');

    // Row for row the same data, ids kept (a sample compared column by column).
    const c = new pg.Client({ connectionString: pgServer.url });
    await c.connect();
    try {
      expect((await c.query('SELECT complete, sha256, size FROM attachments WHERE id = $1', [attachmentId])).rows).toEqual([{ complete: true, sha256: sha256Hex(photo), size: String(photo.length) }]);
      const head = (await c.query<{ seq: string }>('SELECT seq FROM change_log_head')).rows[0]!.seq;
      expect(Number(head)).toBe(Number(cursorBefore.split('.')[0]));
    } finally {
      await c.end();
    }
  }, 120_000);

  it('refuses a target where a row differs from SQLite (though the counts agree), naming the table; once put back, verifies', async () => {
    const c = new pg.Client({ connectionString: pgServer.url });
    await c.connect();
    try {
      const live = (await c.query<{ id: string; activity_title: string }>('SELECT id, activity_title FROM live_sessions')).rows[0]!;
      await c.query('UPDATE live_sessions SET activity_title = $1 WHERE id = $2', ['Changée', live.id]);
      const r = await admin(['migrate-to-postgres']);
      expect(r.code, r.out).not.toBe(0);
      expect(r.out).toContain("Nothing copied: The PostgreSQL database holds rows that are not this SQLite server's (live_sessions: 1)");
      await c.query('UPDATE live_sessions SET activity_title = $1 WHERE id = $2', [live.activity_title, live.id]);
      const again = await admin(['migrate-to-postgres']);
      expect(again.code, again.out).toBe(0);
      expect(again.out).toMatch(/^live_sessions\s+1\s+1\s+ok$/m);
    } finally {
      await c.end();
    }
  }, 120_000);

  it('completes a run that stopped half-way (rows and objects missing from the target)', async () => {
    const c = new pg.Client({ connectionString: pgServer.url });
    await c.connect();
    const blobs = new S3BlobStore(s3.settings);
    try {
      // What a run killed during the rows leaves: the last rows of the change log and the mutation log not there yet.
      const gone = (await c.query('DELETE FROM changes WHERE seq IN (SELECT seq FROM changes ORDER BY seq DESC LIMIT 7)')).rowCount;
      expect(gone).toBe(7);
      await blobs.delete(sha256Hex(photo)); // and a blob not sent yet
      const r = await admin(['migrate-to-postgres']);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain('Copied 7 rows and 1 blobs.');
      expect(r.out).toMatch(/^changes\s+(\d+)\s+\1\s+ok$/m);
      expect(r.out).toContain('Verified:');
      expect(await blobs.stat(sha256Hex(photo))).toEqual({ sha256: sha256Hex(photo), size: photo.length });
    } finally {
      await c.end();
      blobs.close();
    }
  }, 120_000);

  it('refuses a PostgreSQL that holds another school, or rows of its own (a server started on it first), and a missing DATABASE_URL', async () => {
    const other = await startTestPostgres();
    try {
      const c = new pg.Client({ connectionString: other.url });
      await c.connect();
      await PostgresDatabase.open(other.url).then((d) => d.close());
      await c.query("INSERT INTO schools (id, name, created_at) VALUES ('11111111-1111-4111-8111-111111111111', 'Collège Voisin', '2026-01-01T00:00:00.000Z')");
      await c.end();
      const r = await admin(['migrate-to-postgres'], { DATABASE_URL: other.url });
      expect(r.code).not.toBe(0);
      expect(r.out).toContain('Nothing copied: The PostgreSQL database already holds another school: « Collège Voisin »');
      const c2 = new pg.Client({ connectionString: other.url });
      await c2.connect();
      expect((await c2.query('SELECT COUNT(*)::int AS n FROM students')).rows[0].n).toBe(0);
      await c2.end();
    } finally {
      await other.stop();
    }
    // A database a server was started on first, with DEMO=0: no school, but its app build
    // registered (main.ts does so at every start) and its audit entry — rows the copy would
    // collide with (build n° 1, audit id 1). Refused, nothing copied.
    const started = await startTestPostgres();
    const dist = mkdtempSync(join(tmpdir(), 'cartable-dist-'));
    try {
      writeFileSync(join(dist, 'index.html'), '<!doctype html><meta name="cartable-version" content="9.9.9">');
      writeFileSync(join(dist, 'sw.js'), '/* sw */');
      const d = await PostgresDatabase.open(started.url);
      try {
        await registerBuildDir(createServices(d, new S3BlobStore(s3.settings)), mkdtempSync(join(tmpdir(), 'cartable-other-data-')), dist);
      } finally {
        await d.close();
      }
      const r = await admin(['migrate-to-postgres'], { DATABASE_URL: started.url });
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(/Nothing copied: The PostgreSQL database holds rows that are not this SQLite server's \(app_builds: 1(, audit_log: \d+)?\)/);
      const c3 = new pg.Client({ connectionString: started.url });
      await c3.connect();
      expect((await c3.query('SELECT COUNT(*)::int AS n FROM students')).rows[0].n).toBe(0);
      await c3.end();
    } finally {
      await started.stop();
      rmSync(dist, { recursive: true, force: true });
    }
    const noUrl = await admin(['migrate-to-postgres'], { DATABASE_URL: '' });
    expect(noUrl.code).not.toBe(0);
    expect(noUrl.out).toContain('set DATABASE_URL=postgres://');
  }, 120_000);

  it('runs on the target: sign-ins, the photo byte-identical, the old cursor pulls on without 410', async () => {
    activateServerKey(dataDir); // the same DATA_DIR/server.key
    const db = await PostgresDatabase.open(pgServer.url);
    const blobs = new S3BlobStore(s3.settings);
    const app: App = await buildApp({ services: createServices(db, blobs), config: { dataDir, staticDir: null, logRequests: false, appVersion: 'test' } });
    closers.push(async () => { await app.close(); await db.close(); blobs.close(); });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });

    const teacher = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: DEMO_TEACHER.login, password: DEMO_TEACHER.password }) });
    expect(teacher.status).toBe(200);
    const teacherToken = ((await teacher.json()) as { token: string }).token;
    const dh = { 'x-cartable-device': device.deviceToken };
    const again = await fetch(`${base}/api/auth/student`, { method: 'POST', headers: { ...dh, 'content-type': 'application/json' }, body: JSON.stringify({ studentId: pupil.id, secret: DEMO_SECRET }) });
    expect(again.status).toBe(200);

    // The session from before the migration still holds, on the same tablet.
    const old = { ...dh, authorization: `Bearer ${pupil.token}` };
    const got = await fetch(`${base}/files/attachments/${attachmentId}`, { headers: old });
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(photo)).toBe(true);
    const part = await fetch(`${base}/media/${imageId}`, { headers: { ...old, range: 'bytes=0-7' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(imageBytes.subarray(0, 8))).toBe(true);

    const quiet = await pullAll(base, old, cursorBefore);
    expect(quiet.status).toBe(200);
    expect(quiet.changes.filter((ch) => ch.entity === 'lesson')).toEqual([]);
    // Something new after the migration reaches the tablet from its old cursor.
    const classId = (await db.read((tx) => tx.students.byId(pupil.id)))!.classId;
    const th = { authorization: `Bearer ${teacherToken}`, 'content-type': 'application/json' };
    const lesson = await fetch(`${base}/api/classes/${classId}/lessons`, { method: 'POST', headers: th, body: JSON.stringify({ title: 'Après la migration', bodyMarkdown: '# Bonjour' }) });
    expect(lesson.status).toBe(201);
    const lessonId = ((await lesson.json()) as { id: string }).id;
    expect((await fetch(`${base}/api/lessons/${lessonId}/publish`, { method: 'POST', headers: th, body: '{}' })).status).toBe(200);
    const after = await pullAll(base, old, cursorBefore);
    expect(after.status).toBe(200);
    expect(after.changes.some((ch) => ch.entity === 'lesson' && JSON.stringify(ch).includes(lessonId))).toBe(true);
    // The publish went to the audit log after the copied entries: its id continues the copied
    // ones (a sequence left behind would collide with a copied id and fail the publish with a 500).
    const c = new pg.Client({ connectionString: pgServer.url });
    await c.connect();
    try {
      const last = (await c.query<{ id: string; action: string }>('SELECT id, action FROM audit_log ORDER BY id DESC LIMIT 1')).rows[0]!;
      expect(Number(last.id)).toBeGreaterThan(auditIdsBefore);
      expect(last.action).toMatch(/publish/);
    } finally {
      await c.end();
    }
  }, 60_000);
});
