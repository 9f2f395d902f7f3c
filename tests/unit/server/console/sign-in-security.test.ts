/** Lock-out after repeated wrong passwords/secrets (423), the per-IP sign-in rate limit (429), and a request log free of secrets. */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, makeFixture, PASSWORD, SECRET } from './school-fixture.ts';
import { installRequestLog } from '../../../../server/http/request-log.ts';
import { MAX_FAILURES } from '../../../../server/auth/lockout.ts';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const login = (app: TestApp, password: string, ip = '10.0.0.1') =>
  app.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { login: 'prof.a', password } });

describe('sign-in security', () => {
  it(`locks a teacher account after ${MAX_FAILURES} wrong passwords, even against the right one (423)`, async () => {
    t = await startTestApp();
    await makeFixture(t);
    for (let i = 0; i < MAX_FAILURES; i++) expect((await login(t, 'wrong-password')).statusCode).toBe(401);
    const locked = await login(t, PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('account_locked');
    expect(locked.json().error.params.minutes).toBeGreaterThanOrEqual(1);
    expect(locked.json().error.message).toMatch(/try again in \d+ min/);
    // Another account is not affected.
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'it.a', password: PASSWORD } })).statusCode).toBe(200);
    // When the lock has passed, the right password works and clears the count.
    t.store.db.prepare("UPDATE login_failures SET locked_until = '2000-01-01T00:00:00.000Z'").run();
    expect((await login(t, PASSWORD)).statusCode).toBe(200);
    expect(t.store.db.prepare("SELECT COUNT(*) FROM login_failures WHERE key LIKE 'user:prof.a:%'").pluck().get()).toBe(0);
  });

  it('locks a student after repeated wrong secrets on the tablet', async () => {
    t = await startTestApp();
    const f = await makeFixture(t);
    const student = (secret: string) =>
      t!.app.inject({ method: 'POST', url: '/api/auth/student', headers: { 'x-cartable-device': f.deviceToken }, payload: { studentId: f.students[1], secret } });
    for (let i = 0; i < MAX_FAILURES; i++) expect((await student('0000')).statusCode).toBe(401);
    expect((await student(SECRET)).statusCode).toBe(423);
  });

  it('rate-limits sign-in attempts per address (429), whatever the account', async () => {
    t = await startTestApp();
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.9.9.9', payload: { login: `nobody${i}`, password: 'x' } });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    const other = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '10.9.9.10', payload: { login: 'nobody', password: 'x' } });
    expect(other.statusCode).toBe(401);
  });

  it('never writes a password, secret, token or query string to the request log', async () => {
    t = await startTestApp();
    const lines: string[] = [];
    installRequestLog(t.app, (l) => lines.push(l));
    const f = await makeFixture(t);
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'prof.a', password: 'Sup3r-Secret-Pw' } });
    await t.app.inject({ method: 'POST', url: '/api/users', headers: auth(f.tokens.it), payload: { role: 'teacher', login: 'x.y', displayName: 'X', password: 'An0ther-Secret-Pw' } });
    await t.app.inject({ method: 'PATCH', url: `/api/students/${f.students[1]}`, headers: auth(f.tokens.it), payload: { secret: '97531' } });
    await t.app.inject({ method: 'GET', url: `/api/devices?classId=${f.classA}`, headers: auth(f.tokens.teacher) });
    await t.app.inject({ method: 'GET', url: '/api/device/roster', headers: { 'x-cartable-device': f.deviceToken } });
    await t.app.inject({ method: 'POST', url: '/api/auth/student', headers: { 'x-cartable-device': f.deviceToken }, payload: { studentId: f.students[0], secret: SECRET } });
    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const l of lines) expect(Object.keys(JSON.parse(l)).sort()).toEqual(['method', 'ms', 'route', 'status', 't']);
    expect(log).toContain('"route":"/api/students/:id"');
    for (const secret of ['Sup3r-Secret-Pw', 'An0ther-Secret-Pw', '"97531"', PASSWORD, f.tokens.it, f.tokens.teacher, f.deviceToken, f.classA, f.students[1]!]) {
      expect(log).not.toContain(secret);
    }
  });
});
