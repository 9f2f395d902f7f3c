/**
 * DATA_DIR is private whatever the umask (issue #11): the real server, started under
 * `umask 000`, keeps DATA_DIR at 0700 and the database, its WAL, blobs, tus uploads, the
 * demo accounts and the server key at 0600; a CLI backup is 0600; an older, readable data
 * dir is repaired. The demo's passwords are printed at the first start only.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { startServerProcess, type ServerProcess } from '../console/server-process.ts';
import { DEMO_SECRET, DEMO_TEACHER } from '../../../../server/seed/demo-school.ts';
import { lockDownDataDir } from '../../../../server/data-dir.ts';
import { fakeBuild } from '../../../helpers/fake-build.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cartable-perm-'));
  dirs.push(d);
  return d;
};
let server: ServerProcess | null = null;
afterAll(() => {
  server?.proc.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const mode = (p: string) => statSync(p).mode & 0o777;

/** Every path under `dir` with a mode other than 0700 (folders) or 0600 (files). */
function notPrivate(dir: string): string[] {
  const bad: string[] = [];
  const walk = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      if ((st.mode & 0o777) !== 0o700) bad.push(`${p} ${(st.mode & 0o777).toString(8)}`);
      for (const n of readdirSync(p)) walk(join(p, n));
    } else if ((st.mode & 0o777) !== 0o600) bad.push(`${p} ${(st.mode & 0o777).toString(8)}`);
  };
  walk(dir);
  return bad;
}

/** Runs `fn` with the process umask set to `mask` (children inherit it). */
async function withUmask<T>(mask: number, fn: () => Promise<T>): Promise<T> {
  const before = process.umask(mask);
  try {
    return await fn();
  } finally {
    process.umask(before);
  }
}

const admin = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/admin.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });

describe('DATA_DIR permissions', () => {
  it('keeps DATA_DIR 0700 and every file 0600 under umask 000, and prints the demo passwords only at the first start', async () => {
    const dataDir = join(tempDir(), 'data');
    const backupDir = tempDir();
    // The app it serves, as `vite build` leaves it (0644 files, 0755 folders): registered into DATA_DIR/builds at start.
    const dist = fakeBuild(tempDir(), 'dist', '1.0.0');
    chmodSync(join(dist, 'sw.js'), 0o644);
    chmodSync(join(dist, 'assets'), 0o755);
    await withUmask(0o000, async () => {
      server = await startServerProcess({ DATA_DIR: dataDir, STATIC_DIR: dist });
      await server.waitForOutput(/enrolment code/);
      const out = server.output();
      expect(out).toContain(`password ${DEMO_TEACHER.password}`);
      const code = /enrolment code ([A-Z0-9-]+)/.exec(out)![1];

      // A tablet enrols, a pupil signs in and leaves half a photo in uploads/.
      const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(server!.url + url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      const enrol = (await (await post('/api/devices/enrol', { code, name: 'Tablette' })).json()) as { deviceToken: string };
      const dev = { 'x-cartable-device': enrol.deviceToken };
      const roster = (await (await fetch(`${server.url}/api/device/roster`, { headers: dev })).json()) as { students: { id: string }[] };
      const signIn = await post('/api/auth/student', { studentId: roster.students[0]!.id, secret: DEMO_SECRET }, dev);
      expect(signIn.status).toBe(200);
      const token = ((await signIn.json()) as { token: string }).token;
      const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5_000, 7)]);
      const meta = { attachmentId: randomUUID(), kind: 'photo', mime: 'image/jpeg', sha256: createHash('sha256').update(bytes).digest('hex') };
      const tusHeaders = { ...dev, authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' };
      const created = await fetch(`${server.url}/files/uploads/`, {
        method: 'POST', headers: { ...tusHeaders, 'upload-length': String(bytes.length), 'upload-metadata': Object.entries(meta).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',') },
      });
      expect(created.status).toBe(201);
      const patched = await fetch(new URL(created.headers.get('location')!, server.url), {
        method: 'PATCH', headers: { ...tusHeaders, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: bytes.subarray(0, 1_000),
      });
      expect(patched.status).toBe(204);

      // A backup made by the admin command (under the same umask 000).
      const backup = join(backupDir, 'backup.sqlite');
      expect(admin(dataDir, 'backup', backup).status).toBe(0);
      expect(mode(backup)).toBe(0o600);

      expect(existsSync(join(dataDir, 'cartable.sqlite-wal'))).toBe(true);
      expect(readdirSync(join(dataDir, 'uploads')).length).toBeGreaterThan(0);
      expect(readdirSync(join(dataDir, 'blobs')).length).toBeGreaterThan(0);
      expect(readdirSync(join(dataDir, 'builds')).filter((n) => !n.startsWith('.'))).toHaveLength(1);
      expect(mode(dataDir)).toBe(0o700);
      expect(notPrivate(dataDir)).toEqual([]);

      server.proc.kill('SIGTERM');
      await server.exited;
      server = await startServerProcess({ DATA_DIR: dataDir });
      await server.waitForOutput(/demo-accounts/);
      expect(server.output()).not.toContain(DEMO_TEACHER.password);
      expect(server.output()).not.toContain(code);
      expect(server.output()).toContain('npm run admin -- demo-accounts');
      server.proc.kill('SIGTERM');
      await server.exited;
      server = null;
      const shown = admin(dataDir, 'demo-accounts');
      expect(shown.stdout).toContain(`password ${DEMO_TEACHER.password}`);
      expect(shown.stdout).toContain(`enrolment code ${code}`);
    });
  });

  it('repairs a data dir left readable by an older version', async () => {
    const dataDir = tempDir();
    await withUmask(0o022, async () => {
      chmodSync(dataDir, 0o755);
      mkdirSync(join(dataDir, 'blobs', 'ab'), { recursive: true });
      writeFileSync(join(dataDir, 'blobs', 'ab', 'abcdef'), 'photo');
      writeFileSync(join(dataDir, 'cartable.sqlite'), '');
      expect(notPrivate(dataDir).length).toBeGreaterThan(0);
      lockDownDataDir(dataDir);
      expect(notPrivate(dataDir)).toEqual([]);
    });
  });
});
