/**
 * Software updates piloted by the school server (issue 16), through the real routes: builds
 * registered once per content, each tablet served its own build's shell by its device cookie,
 * a pilot class ahead of the school, pins, rollback as a new build (a new sw.js), halt, the
 * tablet's check-in (policy, errors) and the IT referent's overview — and every refusal a
 * clear 4xx with a code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, makeFixture, type Fixture } from '../console/school-fixture.ts';
import { registerBuildDir } from '../../../../server/updates/register-build.ts';
import { buildFilesDir, missingBuildFiles, readBuild } from '../../../../server/updates/build-files.ts';
import { OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../../../src/protocol/wire.ts';
import type { UpdatesOverview } from '../../../../src/protocol/app-updates.ts';
import { fakeBuild as makeFakeBuild } from '../../../helpers/fake-build.ts';

let t: TestApp;
let f: Fixture;
let root: string;
/** The tablet of the other class (4e A). */
let otherToken: string;
let otherId: string;
const builds: Record<'v1' | 'v2', { id: string; number: number; files: string }> = {} as never;

/** A stand-in build in the test's folder (tests/helpers/fake-build.ts). */
const fakeBuild = (name: string, version: string): string => makeFakeBuild(root, name, version, { sw: `/* sw ${version} */ self.addEventListener("fetch", () => {});` });

const cookie = (token: string) => ({ cookie: `cartable_device=${token}` });
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const it_ = () => auth(f.tokens.it);
const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown, headers = it_()) => t.app.inject({ method, url, payload: payload as object, headers });
const overview = async () => (await call('GET', '/api/updates')).json() as UpdatesOverview;
const swBuild = (body: string) => /self\.__CARTABLE_BUILD__ = "([^"]+)"/.exec(body)?.[1] ?? null;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cartable-builds-'));
  const dist = fakeBuild('dist', '0.9.0');
  t = await startTestApp({ staticDir: dist });
  f = await makeFixture(t);
  const code = await t.app.inject({ method: 'POST', url: '/api/devices/codes', headers: it_(), payload: { classId: f.classA2 } });
  const enrol = await t.app.inject({ method: 'POST', url: '/api/devices/enrol', payload: { code: code.json().code, name: 'Tablette 2' } });
  ({ deviceToken: otherToken, deviceId: otherId } = enrol.json());
});
afterAll(async () => {
  await t?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('builds kept by the server', () => {
  it('nothing registered: every tablet gets dist/ as before', async () => {
    const sw = await get('/sw.js', cookie(f.deviceToken));
    expect(sw.body).toContain('sw 0.9.0');
    expect(swBuild(sw.body)).toBeNull();
  });

  it('a build is registered once per content, copied under DATA_DIR/builds; a folder that is not a build is refused', async () => {
    const first = await registerBuildDir(t.store.services, t.dataDir, fakeBuild('v1', '1.0.0'), { releaseNote: 'Première version' });
    const again = await registerBuildDir(t.store.services, t.dataDir, join(root, 'v1'));
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, build: { id: first.build.id, number: first.build.number } });
    const second = await registerBuildDir(t.store.services, t.dataDir, fakeBuild('v2', '1.1.0'), { releaseNote: 'Le carnet de devoirs' });
    expect(second.build.number).toBe(first.build.number + 1);
    builds.v1 = first.build;
    builds.v2 = second.build;
    mkdirSync(join(root, 'empty'));
    await expect(registerBuildDir(t.store.services, t.dataDir, join(root, 'empty'))).rejects.toMatchObject({ code: 'build_invalid' });
    // The kept copy answers even when the source folder is gone.
    rmSync(join(root, 'v1'), { recursive: true });
    expect((await overview()).builds.map((b) => b.version)).toEqual(['1.1.0', '1.0.0']);
  });
});

describe('builds and the sync protocol', () => {
  it('a build speaking a sync protocol this server does not is refused before a byte is copied; one without the stamp speaks 1', async () => {
    const dir = fakeBuild('future', '9.0.0');
    const html = (protocol: string) => `<!doctype html><meta name="cartable-version" content="9.0.0"><meta name="cartable-protocol" content="${protocol}"><div id="app"></div>`;
    writeFileSync(join(dir, 'index.html'), html(String(PROTOCOL_VERSION + 1)));
    expect(readBuild(dir).protocol).toBe(PROTOCOL_VERSION + 1);
    await expect(registerBuildDir(t.store.services, t.dataDir, dir)).rejects.toMatchObject({ code: 'build_protocol_unsupported', params: { protocol: PROTOCOL_VERSION + 1, oldest: OLDEST_PROTOCOL_VERSION, newest: PROTOCOL_VERSION } });
    expect(existsSync(buildFilesDir(t.dataDir, readBuild(dir).files))).toBe(false);
    writeFileSync(join(dir, 'index.html'), html('deux'));
    expect(() => readBuild(dir)).toThrow(expect.objectContaining({ code: 'build_invalid' }));
    expect(readBuild(join(root, 'v2')).protocol).toBe(1); // no stamp: a build from before it
    expect((await overview()).builds.map((b) => b.version)).not.toContain('9.0.0');
  });
});

describe('who runs what', () => {
  it('the school on v1, the pilot class on v2: each tablet gets its own shell and sw.js, stamped with its build', async () => {
    expect((await call('PUT', '/api/updates/rollout', { scope: 'school', buildId: builds.v1.id })).statusCode).toBe(200);
    const pilot = await call('PUT', '/api/updates/rollout', { scope: 'class', targetId: f.classA, buildId: builds.v2.id });
    expect(pilot.statusCode, pilot.body).toBe(200);

    const swPilot = await get('/sw.js', cookie(f.deviceToken));
    expect(swPilot.body).toContain('sw 1.1.0');
    expect(swBuild(swPilot.body)).toBe(builds.v2.id);
    expect(swPilot.headers['cache-control']).toBe('no-cache');
    const swOther = await get('/sw.js', cookie(otherToken));
    expect(swOther.body).toContain('sw 1.0.0');
    expect((await get('/', cookie(f.deviceToken))).body).toContain('content="1.1.0"');
    expect((await get('/index.html', cookie(otherToken))).body).toContain('content="1.0.0"');
    // A navigation to any app path gets the tablet's own index.html.
    expect((await get('/assignments/abc', { ...cookie(otherToken), accept: 'text/html' })).body).toContain('content="1.0.0"');
    // Hashed assets of every kept build answer, immutable.
    const asset = await get('/assets/index-v1.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    // Revalidation: the same sw.js answers 304; another build's ETag does not match.
    expect((await get('/sw.js', { ...cookie(f.deviceToken), 'if-none-match': swPilot.headers.etag as string })).statusCode).toBe(304);
    expect((await get('/sw.js', { ...cookie(otherToken), 'if-none-match': swPilot.headers.etag as string })).statusCode).toBe(200);
    // Two schools on this server: without a cookie nobody's build is known, dist/ answers.
    expect((await get('/sw.js')).body).toContain('sw 0.9.0');
    // « Téléchargée »: what each tablet's service worker was served.
    const o = await overview();
    expect(o.devices.find((d) => d.deviceId === f.deviceId)).toMatchObject({ targetBuildId: builds.v2.id, servedBuildId: builds.v2.id });
    expect(o.devices.find((d) => d.deviceId === otherId)).toMatchObject({ targetBuildId: builds.v1.id, servedBuildId: builds.v1.id });
    expect(o.classes.find((c) => c.classId === f.classA)).toMatchObject({ buildId: builds.v2.id, targetBuildId: builds.v2.id, tablets: 1, upToDate: 0 });
  });

  it('an enrolled tablet gets its HttpOnly device cookie on the answer to its own requests', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/device/roster', headers: { 'x-cartable-device': otherToken } });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toContain(`cartable_device=${otherToken}`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const again = await t.app.inject({ method: 'GET', url: '/api/device/roster', headers: { 'x-cartable-device': otherToken, ...cookie(otherToken) } });
    expect(again.headers['set-cookie']).toBeUndefined();
    // The cookie is no credential: the API still wants the header.
    expect((await t.app.inject({ method: 'GET', url: '/api/device/roster', headers: cookie(otherToken) })).statusCode).toBe(401);
  });

  it('the check-in records what the tablet runs and its errors, and answers its policy', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/device/app-status', headers: { 'x-cartable-device': f.deviceToken },
      payload: { version: '1.1.0', buildId: builds.v2.id, failedStarts: 1, uncaughtErrors: 3, lastError: 'TypeError: x is undefined (index-v2.js:1)' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      managed: true, buildId: builds.v2.id, minimumVersion: null, halted: false,
      window: { lessonsFrom: '08:00', lessonsUntil: '17:00', schoolDays: [1, 2, 3, 4, 5], timeZone: 'Europe/Paris' },
    });
    const o = await overview();
    expect(o.builds.find((b) => b.id === builds.v2.id)).toMatchObject({ running: 1, failedStarts: 1, uncaughtErrors: 3 });
    expect(o.devices.find((d) => d.deviceId === f.deviceId)).toMatchObject({ runningBuildId: builds.v2.id, runningVersion: '1.1.0', lastError: 'TypeError: x is undefined (index-v2.js:1)' });
    expect(o.progress).toEqual({ tablets: 2, upToDate: 1 });
    // Without a device token: refused as such.
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/device/app-status', payload: { version: '1.1.0', buildId: null, failedStarts: 0, uncaughtErrors: 0, lastError: null } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('device_not_enrolled');
  });

  it('halt: every tablet is served the build it RUNS — a downloaded, not yet applied version is taken back — whatever is assigned, until resumed', async () => {
    const checkIn = (buildId: string) => t.app.inject({ method: 'POST', url: '/api/device/app-status', headers: { 'x-cartable-device': otherToken }, payload: { version: '1.0.0', buildId, failedStarts: 0, uncaughtErrors: 0, lastError: null } });
    // The other tablet runs v1 and has just downloaded v2 (its sw.js), not applied yet.
    await checkIn(builds.v1.id);
    await call('PUT', '/api/updates/rollout', { scope: 'device', targetId: otherId, buildId: builds.v2.id });
    expect((await get('/sw.js', cookie(otherToken))).body).toContain('sw 1.1.0');
    expect((await overview()).devices.find((d) => d.deviceId === otherId)).toMatchObject({ servedBuildId: builds.v2.id, runningBuildId: builds.v1.id });

    expect((await call('POST', '/api/updates/halt')).json().haltedAt).not.toBeNull();
    // Its next check gets the build it runs: a new script that replaces the downloaded v2 (never started, even at a cold start).
    const sw = await get('/sw.js', cookie(otherToken));
    expect(sw.body).toContain('sw 1.0.0');
    expect(swBuild(sw.body)).toBe(builds.v1.id);
    expect((await checkIn(builds.v1.id)).json()).toMatchObject({ halted: true, buildId: builds.v1.id });
    // The IT referent still sees the plan (v2) and what it runs (v1): not « à jour », the rollout is paused.
    const row = (await overview()).devices.find((d) => d.deviceId === otherId);
    expect(row).toMatchObject({ targetBuildId: builds.v2.id, runningBuildId: builds.v1.id });
    // Whatever is assigned meanwhile.
    await call('PUT', '/api/updates/rollout', { scope: 'device', targetId: otherId, buildId: builds.v2.id });
    expect((await get('/sw.js', cookie(otherToken))).body).toContain('sw 1.0.0');

    expect((await call('POST', '/api/updates/resume')).json().haltedAt).toBeNull();
    expect((await get('/sw.js', cookie(otherToken))).body).toContain('sw 1.1.0');
    await call('PUT', '/api/updates/rollout', { scope: 'device', targetId: otherId, buildId: null });
    expect((await get('/sw.js', cookie(otherToken))).body).toContain('sw 1.0.0');
  });

  it('rollback: the older files come back as a NEW build (new n°, new sw.js); the school build moves unpinned classes, a pinned one stays', async () => {
    await call('PUT', '/api/updates/rollout', { scope: 'class', targetId: f.classA2, buildId: builds.v2.id, pinned: true });
    const res = await call('POST', `/api/updates/builds/${builds.v1.id}/rollback`);
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json() as UpdatesOverview;
    const v3 = o.builds[0]!;
    expect(v3).toMatchObject({ number: builds.v2.number + 1, version: '1.0.0', rollbackOf: builds.v1.number });
    expect(o.schoolBuildId).toBe(v3.id);
    expect(o.classes.find((c) => c.classId === f.classA)).toMatchObject({ buildId: null, targetBuildId: v3.id });
    expect(o.classes.find((c) => c.classId === f.classA2)).toMatchObject({ buildId: builds.v2.id, pinned: true });
    const sw = await get('/sw.js', cookie(f.deviceToken));
    expect(sw.body).toContain('sw 1.0.0');
    expect(swBuild(sw.body)).toBe(v3.id); // byte-different from v1's: installed workers take it as an update
    expect((await get('/sw.js', cookie(otherToken))).body).toContain('sw 1.1.0');
  });
});

describe('settings and refusals', () => {
  it('the window and the minimum version are validated; the minimum must be reachable', async () => {
    const window = { lessonsFrom: '08:30', lessonsUntil: '16:30', schoolDays: [5, 1, 2, 3, 4], timeZone: 'Europe/Paris' };
    const ok = await call('PUT', '/api/updates/settings', { minimumVersion: '1.1.0', window });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().settings).toEqual({ minimumVersion: '1.1.0', window: { ...window, schoolDays: [1, 2, 3, 4, 5] } });
    expect((await overview()).devices.find((d) => d.deviceId === f.deviceId)?.belowMinimum).toBe(false);
    // The holidays are kept in date order; none sent, none kept (older tablets read the window as before).
    const withHolidays = await call('PUT', '/api/updates/settings', { minimumVersion: '1.1.0', window: { ...window, holidays: [{ from: '2026-12-19', until: '2027-01-03' }, { from: '2026-10-17', until: '2026-11-01' }] } });
    expect(withHolidays.json().settings.window.holidays).toEqual([{ from: '2026-10-17', until: '2026-11-01' }, { from: '2026-12-19', until: '2027-01-03' }]);
    expect((await call('PUT', '/api/updates/settings', { minimumVersion: '1.1.0', window: { ...window, holidays: [] } })).json().settings.window).not.toHaveProperty('holidays');
    const refusals: Array<[unknown, number, string]> = [
      [{ minimumVersion: null, window: { ...window, lessonsUntil: '07:00' } }, 400, 'update_window_invalid'],
      [{ minimumVersion: null, window: { ...window, timeZone: 'Mars/Olympus' } }, 400, 'update_window_invalid'],
      [{ minimumVersion: null, window: { ...window, schoolDays: [1, 1] } }, 400, 'update_window_invalid'],
      [{ minimumVersion: 'demain', window }, 400, 'minimum_version_invalid'],
      [{ minimumVersion: '9.0.0', window }, 409, 'minimum_version_unserved'],
      [{ minimumVersion: null, window: { ...window, lessonsFrom: '25:00' } }, 400, 'validation'],
      [{ minimumVersion: null, window: { ...window, holidays: [{ from: '2027-01-03', until: '2026-12-19' }] } }, 400, 'update_window_invalid'],
      [{ minimumVersion: null, window: { ...window, holidays: [{ from: '2026-02-30', until: '2026-03-01' }] } }, 400, 'update_window_invalid'],
      [{ minimumVersion: null, window: { ...window, holidays: [{ from: 'Noël', until: '2026-12-19' }] } }, 400, 'validation'],
    ];
    for (const [payload, status, code] of refusals) {
      const res = await call('PUT', '/api/updates/settings', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
  });

  it('unknown builds, classes and tablets, another school’s class, a missing target: 4xx with a code', async () => {
    const cases: Array<[string, string, unknown, number, string]> = [
      ['PUT', '/api/updates/rollout', { scope: 'school', buildId: 'nope' }, 404, 'build_not_found'],
      ['PUT', '/api/updates/rollout', { scope: 'class', buildId: builds.v1.id }, 400, 'rollout_target_missing'],
      ['PUT', '/api/updates/rollout', { scope: 'class', targetId: f.classB, buildId: builds.v1.id }, 404, 'class_not_found'],
      ['PUT', '/api/updates/rollout', { scope: 'device', targetId: 'nope', buildId: builds.v1.id }, 404, 'device_not_found'],
      ['PUT', '/api/updates/rollout', { scope: 'everyone', buildId: builds.v1.id }, 400, 'validation'],
      ['POST', '/api/updates/builds/nope/rollback', undefined, 404, 'build_not_found'],
    ];
    for (const [method, url, payload, status, code] of cases) {
      const res = await call(method as 'PUT', url, payload);
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)}`).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
  });

  it('only the IT referent: a teacher is refused, a pupil too, nobody signed in is 401', async () => {
    expect((await call('GET', '/api/updates', undefined, auth(f.tokens.teacher))).json().error.code).toBe('it_only');
    expect((await call('POST', '/api/updates/halt', undefined, auth(f.tokens.student, f.deviceToken))).json().error.code).toBe('staff_only');
    expect((await call('GET', '/api/updates', undefined, {} as ReturnType<typeof auth>)).statusCode).toBe(401);
    expect((await overview()).haltedAt).toBeNull(); // nothing changed
  });

  it('every change is in the audit log', async () => {
    const rows = t.store.db.prepare("SELECT details_json AS d FROM audit_log WHERE action = 'app_update'").all() as Array<{ d: string }>;
    const whats = new Set(rows.map((r) => (JSON.parse(r.d) as { what: string }).what));
    expect([...whats].sort()).toEqual(['halt', 'register', 'resume', 'rollback', 'rollout', 'settings']);
  });
});

describe('a build whose files this process cannot find', () => {
  it('its sw.js is a 404 (the installed worker keeps what it has), a page still opens from dist/, and registering it again puts it back', async () => {
    const dir = fakeBuild('v9', '1.9.0');
    const { build } = await registerBuildDir(t.store.services, t.dataDir, dir);
    await call('PUT', '/api/updates/rollout', { scope: 'device', targetId: otherId, buildId: build.id });
    expect((await get('/sw.js', cookie(otherToken))).body).toContain('sw 1.9.0');
    rmSync(buildFilesDir(t.dataDir, build.files), { recursive: true });
    expect(missingBuildFiles(t.dataDir, [build.files, builds.v2.files])).toEqual([build.files]);
    expect((await get('/sw.js', cookie(otherToken))).statusCode).toBe(404);
    const page = await get('/', { ...cookie(otherToken), accept: 'text/html' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('content="0.9.0"');
    expect((await registerBuildDir(t.store.services, t.dataDir, dir)).created).toBe(false);
    expect((await get('/sw.js', cookie(otherToken))).body).toContain('sw 1.9.0');
    await call('PUT', '/api/updates/rollout', { scope: 'device', targetId: otherId, buildId: null });
  });
});
