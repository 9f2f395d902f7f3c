/**
 * Secrets at rest (issue #11): every password and secret hash mixes in the server key
 * (DATA_DIR/server.key, 0600, never in a database backup), so the database alone gives no
 * secret back — an offline search of all 10,000 PINs against a stolen hash finds nothing —
 * and hashes from before the key are upgraded at the next successful sign-in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHmac, randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { makeFixture, PASSWORD, SECRET, type Fixture } from '../console/school-fixture.ts';
import { SERVER_KEY_FILE, loadServerKey } from '../../../../server/auth/server-key.ts';
import { isLegacyHash } from '../../../../server/auth/secrets.ts';
import { startServerProcess } from '../console/server-process.ts';

let t: TestApp | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A hash as the server wrote it before the server key (`scrypt$N$r$p$salt$hash`, no pepper). */
function legacyHash(secret: string, N = 1 << 12): string {
  const salt = randomBytes(16);
  const key = scryptSync(secret.normalize('NFC'), salt, 32, { N, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', N, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * What a thief with the database only can do: try PINs, unpeppered or with a guessed key.
 * The candidates include the real PIN, so a miss here is a miss over the whole space (a
 * full 10,000-PIN run takes minutes on a shared CI core; the thief needed 37 s).
 */
const CANDIDATES = [...Array.from({ length: 60 }, (_, i) => String(7000 + i * 7).padStart(4, '0')), '7391'];
function offlineSearch(stored: string, pepperKey: Buffer | null): string | null {
  const [, n, r, p, salt, hash] = stored.split('$');
  const expected = Buffer.from(hash!, 'base64url');
  for (const pin of CANDIDATES) {
    const input = pepperKey ? createHmac('sha256', pepperKey).update(pin).digest() : pin;
    const got = scryptSync(input, Buffer.from(salt!, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
    if (got.equals(expected)) return pin;
  }
  return null;
}

const studentSecretHash = (app: TestApp, id: string) => app.store.db.prepare('SELECT secret_hash FROM students WHERE id = ?').pluck().get(id) as string;
const passwordHash = (app: TestApp, login: string) => app.store.db.prepare('SELECT password_hash FROM users WHERE login = ?').pluck().get(login) as string;
const studentLogin = (app: TestApp, f: Fixture, secret: string) =>
  app.app.inject({ method: 'POST', url: '/api/auth/student', headers: { 'x-cartable-device': f.deviceToken }, payload: { studentId: f.students[2], secret } });
const teacherLogin = (app: TestApp, password: string) => app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'prof.a', password } });

describe('the server key', () => {
  it('is created once when several processes start at once on one shared DATA_DIR (deploy/compose.yaml)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cartable-key-race-'));
    dirs.push(dir);
    const script = `import { loadServerKey } from './server/auth/server-key.ts'; console.log(loadServerKey(${JSON.stringify(dir)}).id);`;
    const runs = await Promise.all(Array.from({ length: 6 }, () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script])));
    const ids = new Set(runs.map((r) => r.stdout.trim()));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[0-9a-f]{8}$/);
    expect(readdirSync(dir)).toEqual([SERVER_KEY_FILE]); // no temp file left
    expect(loadServerKey(dir).id).toBe([...ids][0]);
  });

  it('lives in DATA_DIR/server.key (0600), outside the database and its backups', async () => {
    t = await startTestApp();
    await makeFixture(t);
    const file = join(t.dataDir, SERVER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const hex = readFileSync(file, 'utf8').trim();
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    const backup = join(t.dataDir, 'backup.sqlite');
    await t.store.database.backup(backup);
    const bytes = readFileSync(backup);
    expect(bytes.includes(Buffer.from(hex, 'hex'))).toBe(false);
    expect(bytes.includes(Buffer.from(hex))).toBe(false);
    // Loading it again (another process, the admin CLI) gives the same key.
    expect(loadServerKey(t.dataDir).key.toString('hex')).toBe(hex);
  });

  it('makes a stolen database useless for an offline PIN search (the same search finds a hash made without the key)', async () => {
    t = await startTestApp();
    const f = await makeFixture(t);
    // Set through the API, as the IT referent does.
    await t.app.inject({ method: 'PATCH', url: `/api/students/${f.students[2]}`, headers: { authorization: `Bearer ${f.tokens.it}` }, payload: { secret: '7391' } });
    const stolen = studentSecretHash(t, f.students[2]!);
    expect(stolen).toMatch(/^hmac-scrypt\$[0-9a-f]{8}\$/);
    // Its scrypt part, as the thief sees it: `scrypt$N$r$p$salt$hash` once the tag and key id are dropped.
    const scryptPart = ['scrypt', ...stolen.split('$').slice(2)].join('$');
    expect(offlineSearch(scryptPart, null)).toBeNull();
    expect(offlineSearch(scryptPart, randomBytes(32))).toBeNull();
    // Control: the search finds a hash made without the key, and this one with the real key (so the test can fail).
    expect(offlineSearch(legacyHash('7391'), null)).toBe('7391');
    expect(offlineSearch(scryptPart, loadServerKey(t.dataDir).key)).toBe('7391');
  });

  it('upgrades a student secret hash made before the key at the next successful sign-in, not at a failed one', async () => {
    t = await startTestApp();
    const f = await makeFixture(t);
    t.store.db.prepare('UPDATE students SET secret_hash = ? WHERE id = ?').run(legacyHash('2468'), f.students[2]);
    expect((await studentLogin(t, f, '0000')).statusCode).toBe(401);
    expect(isLegacyHash(studentSecretHash(t, f.students[2]!))).toBe(true);
    expect((await studentLogin(t, f, '2468')).statusCode).toBe(200);
    const upgraded = studentSecretHash(t, f.students[2]!);
    expect(upgraded).toMatch(/^hmac-scrypt\$[0-9a-f]{8}\$4096\$8\$1\$/); // the student cost is kept
    expect((await studentLogin(t, f, '2468')).statusCode).toBe(200);
    expect(studentSecretHash(t, f.students[2]!)).toBe(upgraded);
  });

  it("upgrades a teacher's password hash made before the key at the next successful sign-in", async () => {
    t = await startTestApp();
    await makeFixture(t);
    t.store.db.prepare("UPDATE users SET password_hash = ? WHERE login = 'prof.a'").run(legacyHash(PASSWORD, 1 << 15));
    expect((await teacherLogin(t, PASSWORD)).statusCode).toBe(200);
    expect(passwordHash(t, 'prof.a')).toMatch(/^hmac-scrypt\$[0-9a-f]{8}\$32768\$/);
    expect((await teacherLogin(t, PASSWORD)).statusCode).toBe(200);
    expect((await teacherLogin(t, 'not it')).statusCode).toBe(401);
  });

  it('is shared by the admin CLI and the server on one DATA_DIR, and a database restored without its key opens no account', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cartable-key-'));
    dirs.push(dataDir);
    t = await startTestApp({ dataDir });
    const f = await makeFixture(t);
    const admin = (dir: string, ...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/admin.ts', ...args], { env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8' });
    const made = admin(dataDir, 'create-user', '--school', f.schoolA, '--role', 'teacher', '--login', 'prof.cli', '--name', 'Prof CLI', '--password', 'cli-password-1');
    expect(made.status, made.stderr).toBe(0);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'prof.cli', password: 'cli-password-1' } })).statusCode).toBe(200);
    expect((await studentLogin(t, f, SECRET)).statusCode).toBe(200);

    // The database alone, in another data dir (another key): nobody signs in.
    const elsewhere = mkdtempSync(join(tmpdir(), 'cartable-key-'));
    dirs.push(elsewhere);
    await t.store.database.backup(join(elsewhere, 'cartable.sqlite'));
    writeFileSync(join(elsewhere, SERVER_KEY_FILE), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    // A real server process (this test process knows both keys).
    const other = await startServerProcess({ DATA_DIR: elsewhere, DEMO: '0' });
    try {
      const res = await fetch(`${other.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'prof.cli', password: 'cli-password-1' }) });
      expect(res.status).toBe(401);
    } finally {
      other.proc.kill('SIGKILL');
      await other.exited;
    }
  });
});
