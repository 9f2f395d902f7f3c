/**
 * Builds registered by the real processes (issue 16): `npm start` (server/main.ts) registers its
 * dist/ at every start and gives it to the school only when it runs none yet; the admin CLI
 * registers and lists builds; a later server version's dist/ waits for the IT referent's choice;
 * a build whose folder is gone from DATA_DIR is named at start.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../console/server-process.ts';
import { buildFilesDir, readBuild } from '../../../../server/updates/build-files.ts';
import { fakeBuild as makeFakeBuild } from '../../../helpers/fake-build.ts';

let root: string;
let dataDir: string;
let running: ServerProcess | null = null;

/** A stand-in build in the test's folder (tests/helpers/fake-build.ts). */
const fakeBuild = (name: string, version: string): string => makeFakeBuild(root, name, version, { protocol: 1 });

const admin = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/admin.ts', ...args], { env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir }, encoding: 'utf8' });

async function startWith(dist: string): Promise<ServerProcess> {
  running = await startServerProcess({ DATA_DIR: dataDir, STATIC_DIR: dist, DEMO: '1' }, 60_000);
  return running;
}
async function stop() {
  running?.proc.kill('SIGTERM');
  await running?.exited;
  running = null;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cartable-start-builds-'));
  dataDir = join(root, 'data');
});
afterAll(async () => {
  await stop();
  rmSync(root, { recursive: true, force: true });
});

describe('builds registered by `npm start` and the admin CLI', () => {
  it('a first start registers dist/ and serves it to the school; the CLI registers and lists another, refuses a folder that is not a build', async () => {
    const v1 = fakeBuild('v1', '1.0.0');
    const s = await startWith(v1);
    await s.waitForOutput(/App build n° 1 \(1\.0\.0\), registered now, served to every tablet\./);
    expect(await (await fetch(`${s.url}/sw.js`)).text()).toContain('sw 1.0.0');
    await stop();

    const v2 = fakeBuild('v2', '1.1.0');
    const registered = admin('register-build', v2, '--note', 'Le carnet de devoirs');
    expect(registered.stdout, registered.stderr).toMatch(/Registered build n° 2 \(version 1\.1\.0\)\. Nobody runs it yet/);
    expect(admin('register-build', v2).stdout).toMatch(/already registered: n° 2 \(version 1\.1\.0\)/);
    const listed = admin('list-builds').stdout.trim().split('\n');
    expect(listed.map((l) => l.split('\t').slice(0, 2).join(' '))).toEqual(['n° 2 1.1.0', 'n° 1 1.0.0']);
    expect(listed[0]).toContain('Le carnet de devoirs');
    mkdirSync(join(root, 'empty'));
    const refused = admin('register-build', join(root, 'empty'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/not a Cartable build/);
    expect(refused.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  }, 180_000);

  it('a later server version registers its dist/ but gives it to nobody; a build missing from DATA_DIR is named at start', async () => {
    const v3 = fakeBuild('v3', '1.2.0');
    const s = await startWith(v3);
    const out = await s.waitForOutput(/App build n° 3 \(1\.2\.0\), registered now\./);
    expect(out).not.toMatch(/n° 3 \(1\.2\.0\), registered now, served to every tablet/);
    expect(await (await fetch(`${s.url}/sw.js`)).text()).toContain('sw 1.0.0'); // the school still runs n° 1
    await stop();

    rmSync(buildFilesDir(dataDir, readBuild(join(root, 'v2')).files), { recursive: true });
    const again = await startWith(v3);
    await again.waitForOutput(/App builds without their files in .*: n° 2 \(1\.1\.0\)\. /);
    expect(await (await fetch(`${again.url}/sw.js`)).text()).toContain('sw 1.0.0');
    await stop();
  }, 180_000);
});
