/**
 * The backup archive (GET /api/backup, POST /api/backup/restore, `admin backup|restore`): one
 * tar with a manifest, the database and every blob; a round trip gives back every record and
 * every blob; damaged, cut, incomplete, foreign or newer archives are refused with a code and
 * change nothing; the live server keeps answering after a console restore.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { openTestStore } from '../../../helpers/test-store.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { readTar, tarHeader, tarPadding, TAR_END } from '../../../../server/backup/tar.ts';
import { BACKUP_FORMAT_VERSION, type BackupManifest } from '../../../../server/backup/backup-manifest.ts';
import { buildFilesDir, buildsRoot, readBuild } from '../../../../server/updates/build-files.ts';
import { registerBuildDir } from '../../../../server/updates/register-build.ts';
import { SERVER_KEY_FILE } from '../../../../server/auth/server-key.ts';
import { fakeBuild } from '../../../helpers/fake-build.ts';
import type { Db } from '../../../../server/store/sqlite/database.ts';
import { auth } from './school-fixture.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cartable-archive-test-'));
  dirs.push(d);
  return d;
};
let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const PHOTO = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 251));
const AUDIO = Buffer.from('not really ogg, but bytes all the same '.repeat(300));

/** One school with pupils, a lesson with an image, a pupil's photo: rows in most tables and two blobs. */
async function schoolWithMedia(dataDir?: string) {
  t = await startTestApp({ dataDir: dataDir ?? tempDir() });
  const s = t.store;
  const school = await s.school.createSchool('Collège Jean Moulin');
  await s.school.createUser(SYSTEM, { schoolId: school.id, role: 'it', login: 'referent', displayName: 'Mme Référente', password: 'backup-pw-1' });
  const teacher = await s.school.createUser(SYSTEM, { schoolId: school.id, role: 'teacher', login: 'prof', displayName: 'M. Prof', password: 'backup-pw-2' });
  const cls = await s.roster.createClass(SYSTEM, { name: '5e B', teacherIds: [teacher.id] }, school.id);
  const pupil = await s.roster.createStudent(SYSTEM, cls.id, { firstName: 'Zoé', lastName: 'Lefèvre', secret: '4321' });
  await s.roster.createStudent(SYSTEM, cls.id, { firstName: 'Hugo', lastName: 'Bernard', secret: '1234' });
  const lesson = await s.content.createLesson(SYSTEM, cls.id, { title: 'Les fractions', bodyMarkdown: '# Fractions' });
  const photo = await s.blobs.put(PHOTO);
  const audio = await s.blobs.put(AUDIO);
  const at = new Date().toISOString();
  s.db.prepare('INSERT INTO blobs (sha256, size, mime, created_at) VALUES (?, ?, ?, ?), (?, ?, ?, ?)').run(photo.sha256, photo.size, 'image/jpeg', at, audio.sha256, audio.size, 'audio/ogg', at);
  s.db.prepare("INSERT INTO lesson_media (id, school_id, lesson_id, sha256, kind, mime, size, name, created_at) VALUES ('m1', ?, ?, ?, 'audio', 'audio/ogg', ?, 'consigne.ogg', ?)")
    .run(school.id, lesson.id, audio.sha256, audio.size, at);
  s.db.prepare("INSERT INTO attachments (id, school_id, student_id, kind, mime, size, sha256, complete, created_at, completed_at) VALUES ('a1', ?, ?, 'photo', 'image/jpeg', ?, ?, 1, ?, ?)")
    .run(school.id, pupil.id, photo.size, photo.sha256, at, at);
  const token = (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'referent', password: 'backup-pw-1' } })).json().token as string;
  return { school, token, photo, audio };
}

/** Every row of every table, in a stable order. */
function dump(db: Db, skip: string[] = []): Record<string, unknown[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(tables.filter((n) => !skip.includes(n)).map((n) => [n, db.prepare(`SELECT * FROM "${n}" ORDER BY rowid`).all()]));
}

async function entriesOf(archive: Buffer): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  await readTar(Readable.from([archive]), async (e, body) => {
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(c);
    out.set(e.name, Buffer.concat(chunks));
  });
  return out;
}

function tarOf(entries: [string, Buffer][]): Buffer {
  return Buffer.concat([...entries.flatMap(([n, b]) => [tarHeader(n, b.length, Date.now()), b, tarPadding(b.length)]), TAR_END]);
}

const restore = (token: string, body: Buffer) =>
  t!.app.inject({ method: 'POST', url: '/api/backup/restore', headers: { ...auth(token), 'content-type': 'application/x-tar' }, payload: body });

const blobFiles = (dataDir: string) => readdirSync(join(dataDir, 'blobs'), { recursive: true }).filter((f) => /^[0-9a-f]{2}\/[0-9a-f]{62}$/.test(String(f))).sort();

describe('the backup archive', () => {
  it('holds a manifest, the database and every blob, and a console restore gives back every record and every blob', async () => {
    const { school, token, photo, audio } = await schoolWithMedia();
    const before = dump(t!.store.database.db, ['audit_log']);
    const res = await t!.app.inject({ method: 'GET', url: '/api/backup', headers: auth(token) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-tar');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="cartable-\d{8}-\d{4}\.tar"$/);
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    const archive = res.rawPayload;
    const entries = await entriesOf(archive);
    expect([...entries.keys()]).toEqual(['manifest.json', 'cartable.sqlite', `blobs/${[photo.sha256, audio.sha256].sort()[0]}`, `blobs/${[photo.sha256, audio.sha256].sort()[1]}`]);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as BackupManifest;
    expect(manifest).toMatchObject({ format: 'cartable-backup', formatVersion: BACKUP_FORMAT_VERSION, builds: [], schools: [{ id: school.id, name: 'Collège Jean Moulin' }] });
    expect(manifest.counts).toMatchObject({ students: 2, users: 2, classes: 1, lessons: 1, lesson_media: 1, attachments: 1, blobs: 2 });
    expect(manifest.database.sha256).toBe(createHash('sha256').update(entries.get('cartable.sqlite')!).digest('hex'));
    expect(manifest.blobs.map((b) => b.sha256).sort()).toEqual([photo.sha256, audio.sha256].sort());
    expect(entries.get(`blobs/${photo.sha256}`)!.equals(PHOTO)).toBe(true);

    // After the backup: a new class, and the pupil's photo lost from the disk.
    await t!.store.roster.createClass(SYSTEM, { name: '4e A' }, school.id);
    await t!.store.blobs.delete(photo.sha256);
    const r = await restore(token, archive);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ schools: ['Collège Jean Moulin'], blobs: 2, counts: { students: 2 } });
    expect(existsSync(join(t!.dataDir, 'cartable.sqlite.bak'))).toBe(true);

    // Every record as it was at the backup, every blob byte for byte; the server still answers.
    // The audit log holds, on top, the backup (logged just before its snapshot) and this restore.
    expect(dump(t!.store.database.db, ['audit_log'])).toEqual(before);
    expect(t!.store.db.prepare('SELECT action FROM audit_log ORDER BY id').pluck().all().slice(-2)).toEqual(['backup', 'restore']);
    for (const [sha, bytes] of [[photo.sha256, PHOTO], [audio.sha256, AUDIO]] as const) {
      const chunks: Buffer[] = [];
      for await (const c of (await t!.store.blobs.open(sha))!) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    }
    const classes = await t!.app.inject({ method: 'GET', url: '/api/classes', headers: auth(token) });
    expect(classes.statusCode).toBe(200);
    expect(classes.json().map((c: { name: string }) => c.name)).toEqual(['5e B']);
  });

  it('refuses a damaged, cut, incomplete, foreign or newer archive with a code, and changes nothing', async () => {
    const { school, token, photo } = await schoolWithMedia();
    const archive = (await t!.app.inject({ method: 'GET', url: '/api/backup', headers: auth(token) })).rawPayload;
    await t!.store.roster.createClass(SYSTEM, { name: '4e A' }, school.id);
    const entries = await entriesOf(archive);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as BackupManifest;
    const withManifest = (m: object) => tarOf([['manifest.json', Buffer.from(JSON.stringify(m))], ...[...entries].filter(([n]) => n !== 'manifest.json')]);
    const flipped = Buffer.from(archive);
    const manifestLength = entries.get('manifest.json')!.length;
    const at = 512 + manifestLength + tarPadding(manifestLength).length + 512 + 100;
    flipped[at] = flipped[at]! ^ 0xff; // inside cartable.sqlite
    const badBlob = Buffer.from(archive);
    badBlob[archive.length - 1024 - 600] = badBlob[archive.length - 1024 - 600]! ^ 0xff; // inside the last blob
    const cases: [string, Buffer, string][] = [
      ['a flipped byte in the database', flipped, 'restore_checksum_mismatch'],
      ['a flipped byte in a blob', badBlob, 'restore_checksum_mismatch'],
      ['cut in half', archive.subarray(0, Math.floor(archive.length / 2)), 'restore_truncated'],
      ['without its closing blocks', archive.subarray(0, archive.length - 1024), 'restore_truncated'],
      ['a listed blob left out', tarOf([...entries].filter(([n]) => n !== `blobs/${photo.sha256}`)), 'restore_blob_missing'],
      ['another product’s tar', tarOf([['manifest.json', Buffer.from('{"format":"other-app","formatVersion":1}')]]), 'restore_not_cartable'],
      ['a tar without a manifest', tarOf([['cartable.sqlite', entries.get('cartable.sqlite')!]]), 'restore_not_cartable'],
      ['a zip file', readFileSync(new URL('../../../../package.json', import.meta.url)), 'restore_not_cartable'],
      ['a newer schema', withManifest({ ...manifest, schemaVersion: 999 }), 'restore_newer_schema'],
      ['a newer archive format', withManifest({ ...manifest, formatVersion: BACKUP_FORMAT_VERSION + 1 }), 'restore_newer_format'],
      ['counts that do not match the database', withManifest({ ...manifest, counts: { ...manifest.counts, students: 3 } }), 'restore_damaged'],
      ['another server key', withManifest({ ...manifest, serverKeyId: '00000000' }), 'restore_server_key_mismatch'],
      ['another school', withManifest({ ...manifest, schools: [{ id: 'someone-else', name: 'Autre' }] }), 'restore_other_school'],
    ];
    await t!.store.blobs.delete(photo.sha256); // so a refused restore must not leave it back either
    const rowsBefore = dump(t!.store.database.db);
    const blobsBefore = blobFiles(t!.dataDir);
    for (const [what, body, code] of cases) {
      const r = await restore(token, body);
      expect(r.statusCode, what).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, what).toBeLessThan(500);
      expect(r.json().error.code, `${what}: ${r.body}`).toBe(code);
      expect(dump(t!.store.database.db), what).toEqual(rowsBefore);
      expect(blobFiles(t!.dataDir), what).toEqual(blobsBefore);
    }
    expect(existsSync(join(t!.dataDir, 'cartable.sqlite.bak'))).toBe(false);
    expect(readdirSync(t!.dataDir).filter((f) => f.startsWith('cartable-restore-'))).toEqual([]);
    const empty = await t!.app.inject({ method: 'POST', url: '/api/backup/restore', headers: { ...auth(token), 'content-type': 'application/x-tar' } });
    expect(empty.statusCode).toBe(400);
  });

  it('carries the app builds: restored on a new machine, every build is back byte for byte; a damaged, missing or escaping build file is refused and changes nothing', async () => {
    const { token } = await schoolWithMedia();
    // Two builds sharing a file (the same icon), one with a path longer than a tar name allows.
    const dists = tempDir();
    const v1 = fakeBuild(dists, 'v1', '1.0.0');
    const v2 = fakeBuild(dists, 'v2', '1.1.0', { chunks: 2 });
    const longName = `assets/${'un-nom-de-module-tres-long-'.repeat(4)}Bx7Kq2.js`;
    for (const dist of [v1, v2]) {
      mkdirSync(join(dist, 'icons'));
      writeFileSync(join(dist, 'icons', 'icon-192.png'), PHOTO.subarray(0, 5000));
    }
    writeFileSync(join(v2, longName), 'export const long = true;');
    const b1 = (await registerBuildDir(t!.store.services, t!.dataDir, v1)).build;
    const b2 = (await registerBuildDir(t!.store.services, t!.dataDir, v2)).build;
    const archive = (await t!.app.inject({ method: 'GET', url: '/api/backup', headers: auth(token) })).rawPayload;
    const entries = await entriesOf(archive);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as BackupManifest;
    expect(manifest.builds!.map((b) => b.files).sort()).toEqual([b1.files, b2.files].sort());
    const listed = manifest.builds!.flatMap((b) => b.entries);
    expect(listed.map((e) => e.path)).toContain(longName);
    const icon = createHash('sha256').update(PHOTO.subarray(0, 5000)).digest('hex');
    expect(listed.filter((e) => e.sha256 === icon)).toHaveLength(2);
    const buildEntries = [...entries.keys()].filter((n) => n.startsWith('buildfiles/'));
    expect(buildEntries).toHaveLength(new Set(listed.map((e) => e.sha256)).size); // the icon once
    expect(entries.get(`buildfiles/${icon}`)!.equals(PHOTO.subarray(0, 5000))).toBe(true);
    const oldMachine = t!.dataDir;
    await t!.close();
    t = null;

    // A new machine: another DATA_DIR with the same server key, no builds yet.
    const machine = tempDir();
    copyFileSync(join(oldMachine, SERVER_KEY_FILE), join(machine, SERVER_KEY_FILE));
    t = await startTestApp({ dataDir: machine });
    const restoreHere = (body: Buffer) => t!.store.backup.restore(SYSTEM, Readable.from([body]));
    const withManifest = (m: object) => tarOf([['manifest.json', Buffer.from(JSON.stringify(m))], ...[...entries].filter(([n]) => n !== 'manifest.json')]);
    const index1 = listed.find((e) => e.path === 'assets/index-v1.js')!;
    const flipped = new Map(entries);
    const bytes = Buffer.from(entries.get(`buildfiles/${index1.sha256}`)!);
    bytes[3] = bytes[3]! ^ 0xff;
    flipped.set(`buildfiles/${index1.sha256}`, bytes);
    const withBuilds = (change: (b: BackupManifest['builds'] & object) => unknown) => withManifest({ ...manifest, builds: change(structuredClone(manifest.builds!)) });
    const cases: [string, Buffer, string][] = [
      ['a flipped byte in a build file', tarOf([...flipped]), 'restore_checksum_mismatch'],
      ['a build file left out', tarOf([...entries].filter(([n]) => n !== `buildfiles/${index1.sha256}`)), 'restore_blob_missing'],
      ['a path that leaves the build folder', withBuilds((bs) => { bs[0]!.entries[0]!.path = '../../server.key'; return bs; }), 'restore_not_cartable'],
      ['an absolute path', withBuilds((bs) => { bs[0]!.entries[0]!.path = '/etc/cron.d/x'; return bs; }), 'restore_not_cartable'],
      ['a hidden file', withBuilds((bs) => { bs[0]!.entries[0]!.path = 'assets/.htaccess'; return bs; }), 'restore_not_cartable'],
      ['a file moved inside its build', withBuilds((bs) => { bs.find((b) => b.files === b1.files)!.entries.find((e) => e.sha256 === index1.sha256)!.path = 'assets/index-v0.js'; return bs; }), 'restore_checksum_mismatch'],
      ['a build file the manifest does not list', tarOf([...entries, [`buildfiles/${'0'.repeat(64)}`, Buffer.from('x')]]), 'restore_not_cartable'],
    ];
    const rowsBefore = dump(t!.store.database.db);
    for (const [what, body, code] of cases) {
      const err = await restoreHere(body).then(() => null, (e: unknown) => e as { code?: string });
      expect(err?.code, what).toBe(code);
      expect(dump(t!.store.database.db), what).toEqual(rowsBefore);
      expect(existsSync(buildsRoot(machine)) ? readdirSync(buildsRoot(machine)) : [], what).toEqual([]);
      expect(readdirSync(machine).filter((f) => f.startsWith('cartable-restore-')), what).toEqual([]);
    }

    // The whole archive: the database and both builds, each folder the same content as registered.
    const r = await restoreHere(archive);
    expect(r.builds).toBe(2);
    for (const b of [b1, b2]) expect(readBuild(buildFilesDir(machine, b.files)).files).toBe(b.files);
    expect(readFileSync(join(buildFilesDir(machine, b2.files), ...longName.split('/')), 'utf8')).toBe('export const long = true;');
    expect(readdirSync(buildsRoot(machine)).sort()).toEqual([b1.files, b2.files].sort()); // no temp folder left
    expect((await t!.store.updates.listBuilds(SYSTEM)).map((b) => b.files).sort()).toEqual([b1.files, b2.files].sort());
    // Restored again over itself: the folders in place are kept.
    expect((await restoreHere(archive)).builds).toBe(2);
    expect(readBuild(buildFilesDir(machine, b1.files)).files).toBe(b1.files);
    // An archive of format 1 (before the builds travelled) still restores: the database, no build.
    const { builds: _builds, ...formatOne } = manifest;
    const older = tarOf([['manifest.json', Buffer.from(JSON.stringify({ ...formatOne, formatVersion: 1 }))], ...[...entries].filter(([n]) => n !== 'manifest.json' && !n.startsWith('buildfiles/'))]);
    expect(await restoreHere(older)).toMatchObject({ builds: 0, counts: { students: 2 } });
  });

  it('is the IT referent’s: a teacher or a pupil is refused', async () => {
    await schoolWithMedia();
    const prof = (await t!.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'prof', password: 'backup-pw-2' } })).json().token as string;
    const denied = await t!.app.inject({ method: 'GET', url: '/api/backup', headers: auth(prof) });
    expect(denied.json().error.code, denied.body).toBe('it_only');
    expect((await restore(prof, tarOf([]))).json().error.code).toBe('it_only');
    expect((await t!.app.inject({ method: 'GET', url: '/api/backup' })).statusCode).toBe(401);
  });

  it('`admin backup` writes the same archive and `admin restore` puts it back, refusing a damaged one', async () => {
    const dataDir = tempDir();
    const { school, photo } = await schoolWithMedia(dataDir);
    const before = dump(t!.store.database.db, ['audit_log']);
    await t!.close();
    t = null;
    const admin = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/admin.ts', ...args], { env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir }, encoding: 'utf8' });
    const file = join(tempDir(), 'nightly.tar');
    const out = admin('backup', file);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/2 students, 0 submissions\) and 2 files/);
    const entries = await entriesOf(readFileSync(file));
    expect(entries.get(`blobs/${photo.sha256}`)!.equals(PHOTO)).toBe(true);

    const damaged = join(tempDir(), 'damaged.tar');
    const bytes = readFileSync(file);
    writeFileSync(damaged, bytes.subarray(0, bytes.length - 2000));
    const refused = admin('restore', damaged);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/incomplete|damaged/);

    const later = openTestStore(join(dataDir, 'cartable.sqlite'));
    await later.roster.createClass(SYSTEM, { name: '3e C' }, school.id);
    await later.close();
    const ok = admin('restore', file);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Restored .*Collège Jean Moulin.*2 students/);
    const restored = openTestStore(join(dataDir, 'cartable.sqlite'));
    try {
      expect(dump(restored.database.db, ['audit_log'])).toEqual(before);
    } finally {
      await restored.close();
    }
  });
});
