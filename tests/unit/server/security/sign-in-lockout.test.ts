/**
 * The sign-in lock-out under attack (issue #11, docs/SECURITY.md):
 * - attempts are counted when they start: of ≥ 50 concurrent guesses on one account, at most
 *   the threshold is verified (a 401 or a 200 means verified; a 423 means refused unchecked),
 *   so the right password sent last is refused too;
 * - a stranger cannot keep a teacher locked out: other addresses, and the teacher's known
 *   browser, keep their own counters;
 * - a guesser gets a few dozen guesses a day on one student secret (simulated clock);
 * - the IT referent lifts a lock (admin unlock).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { makeFixture, PASSWORD, SECRET, type Fixture } from '../console/school-fixture.ts';
import { MAX_FAILURES, UNKNOWN_BROWSER_FAILURES, addressKey } from '../../../../server/auth/lockout.ts';

let t: TestApp | null = null;
afterEach(async () => {
  vi.useRealTimers();
  await t?.close();
  t = null;
});

const teacherLogin = (app: TestApp, password: string, ip: string, knownBrowserKey?: string) =>
  app.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { login: 'prof.a', password, ...(knownBrowserKey ? { knownBrowserKey } : {}) } });
const studentLogin = (app: TestApp, f: Fixture, secret: string, ip = '10.0.0.7') =>
  app.app.inject({ method: 'POST', url: '/api/auth/student', remoteAddress: ip, headers: { 'x-cartable-device': f.deviceToken }, payload: { studentId: f.students[1], secret } });

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});

describe('lock-out under concurrent guesses', () => {
  it(`verifies at most ${MAX_FAILURES} of 29 concurrent guesses on a teacher from one address, the right one last included`, async () => {
    // 29: under the per-address rate limit (30 a minute), so every guess reaches the lock-out (the case).
    t = await startTestApp();
    await makeFixture(t);
    const guesses = [...Array.from({ length: 28 }, (_, i) => `wrong-${i}`), PASSWORD];
    const statuses = (await Promise.all(guesses.map((p) => teacherLogin(t!, p, '10.0.0.1')))).map((r) => r.statusCode);
    const n = tally(statuses);
    expect((n[401] ?? 0) + (n[200] ?? 0)).toBeLessThanOrEqual(MAX_FAILURES);
    expect(n[423]).toBeGreaterThanOrEqual(29 - MAX_FAILURES);
    expect(statuses.at(-1)).toBe(423);
  });

  it(`verifies at most ${MAX_FAILURES} of 60 concurrent guesses with one known-browser key from 60 addresses`, async () => {
    t = await startTestApp();
    await makeFixture(t);
    const key = (await teacherLogin(t, PASSWORD, '10.0.1.1')).json().knownBrowserKey as string;
    const guesses = [...Array.from({ length: 59 }, (_, i) => `wrong-${i}`), PASSWORD];
    const statuses = (await Promise.all(guesses.map((p, i) => teacherLogin(t!, p, `10.0.2.${i + 1}`, key)))).map((r) => r.statusCode);
    const n = tally(statuses);
    expect((n[401] ?? 0) + (n[200] ?? 0)).toBeLessThanOrEqual(MAX_FAILURES);
    expect(n[423]).toBeGreaterThanOrEqual(60 - MAX_FAILURES);
    expect(statuses.at(-1)).toBe(423);
  });

  it(`verifies at most ${UNKNOWN_BROWSER_FAILURES} of 60 concurrent guesses from 60 different addresses`, async () => {
    t = await startTestApp();
    await makeFixture(t);
    const statuses = (await Promise.all(Array.from({ length: 60 }, (_, i) => teacherLogin(t!, i === 59 ? PASSWORD : `wrong-${i}`, `10.1.0.${i + 1}`)))).map((r) => r.statusCode);
    const n = tally(statuses);
    expect((n[401] ?? 0) + (n[200] ?? 0)).toBeLessThanOrEqual(UNKNOWN_BROWSER_FAILURES);
    expect(statuses.at(-1)).toBe(423);
  });

  it(`verifies at most ${MAX_FAILURES} of 60 concurrent secret guesses on a student`, async () => {
    t = await startTestApp();
    const f = await makeFixture(t);
    const guesses = [...Array.from({ length: 59 }, (_, i) => String(1000 + i)), SECRET];
    const statuses = (await Promise.all(guesses.map((s, i) => studentLogin(t!, f, s, `10.2.0.${i + 1}`)))).map((r) => r.statusCode);
    const n = tally(statuses);
    expect((n[401] ?? 0) + (n[200] ?? 0)).toBeLessThanOrEqual(MAX_FAILURES);
    expect(statuses.at(-1)).toBe(423);
    const locked = await studentLogin(t, f, SECRET);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('account_locked');
  });
});

describe('a stranger cannot keep a teacher locked out', () => {
  it('locks the guessing address, not the teacher at another address', async () => {
    t = await startTestApp();
    await makeFixture(t);
    for (let i = 0; i < 12; i++) await teacherLogin(t, `wrong-${i}`, '10.3.0.66');
    expect((await teacherLogin(t, PASSWORD, '10.3.0.66')).statusCode).toBe(423);
    expect((await teacherLogin(t, PASSWORD, '10.3.0.10')).statusCode).toBe(200);
  });

  it("lets the teacher's known browser in while every unknown browser is locked (a stranger with many addresses)", async () => {
    t = await startTestApp();
    await makeFixture(t);
    const first = await teacherLogin(t, PASSWORD, '10.4.0.10');
    const key = first.json().knownBrowserKey as string;
    expect(key).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{24}$/);
    // A stranger on 40 addresses exhausts the unknown-browser counter.
    for (let i = 0; i < 40; i++) await teacherLogin(t, `wrong-${i}`, `10.4.1.${i + 1}`);
    expect((await teacherLogin(t, PASSWORD, '10.4.0.11')).statusCode).toBe(423);
    // The teacher's own browser, even at the stranger's address, keeps its own counter.
    const back = await teacherLogin(t, PASSWORD, '10.4.1.1', key);
    expect(back.statusCode).toBe(200);
    // A made-up or another account's key counts as no key.
    expect((await teacherLogin(t, PASSWORD, '10.4.0.12', `${key.slice(0, -2)}xx`)).statusCode).toBe(423);
    // …and a browser key, stolen and guessed with, locks itself only.
    for (let i = 0; i < MAX_FAILURES; i++) expect((await teacherLogin(t, `wrong-${i}`, '10.4.2.1', key)).statusCode).toBe(401);
    expect((await teacherLogin(t, PASSWORD, '10.4.2.1', key)).statusCode).toBe(423);
  });

  it('ends the known-browser keys of an account whose password changed', async () => {
    t = await startTestApp();
    const f = await makeFixture(t);
    const key = (await teacherLogin(t, PASSWORD, '10.5.0.1')).json().knownBrowserKey as string;
    await t.app.inject({ method: 'PATCH', url: `/api/users/${f.ids.teacher}`, headers: { authorization: `Bearer ${f.tokens.it}` }, payload: { password: 'a brand new password' } });
    for (let i = 0; i < UNKNOWN_BROWSER_FAILURES; i++) await teacherLogin(t, `wrong-${i}`, `10.5.1.${i + 1}`);
    expect((await teacherLogin(t, 'a brand new password', '10.5.0.1', key)).statusCode).toBe(423);
  });

  it('is lifted by the IT referent with `admin unlock`', async () => {
    t = await startTestApp();
    const f = await makeFixture(t);
    for (let i = 0; i < MAX_FAILURES; i++) await teacherLogin(t, `wrong-${i}`, '10.6.0.1');
    for (let i = 0; i < MAX_FAILURES; i++) await studentLogin(t, f, '0000');
    expect((await teacherLogin(t, PASSWORD, '10.6.0.1')).statusCode).toBe(423);
    expect((await studentLogin(t, f, SECRET)).statusCode).toBe(423);
    const admin = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/admin.ts', ...args], { env: { ...process.env, DATA_DIR: t!.dataDir }, encoding: 'utf8' });
    expect(admin('unlock', 'PROF.A').stdout).toMatch(/Unlocked prof\.a \(2 lock-out/);
    expect(admin('unlock', f.students[1]!).stdout).toMatch(/Unlocked/);
    expect((await teacherLogin(t, PASSWORD, '10.6.0.1')).statusCode).toBe(200);
    expect((await studentLogin(t, f, SECRET)).statusCode).toBe(200);
  });
});

describe('guesses per day on one student secret', () => {
  it('allows a few dozen verified guesses in a day of trying every minute, fewer the day after', async () => {
    t = await startTestApp();
    const f = await makeFixture(t);
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const verifiedPerDay = [0, 0];
    for (let minute = 0; minute < 2 * 24 * 60; minute++) {
      vi.setSystemTime(start + minute * 60_000 + 1_000);
      const s = (await studentLogin(t, f, String(minute % 10_000).padStart(4, '5'))).statusCode;
      if (s === 401 || s === 200) verifiedPerDay[minute < 24 * 60 ? 0 : 1]!++;
    }
    expect(verifiedPerDay[0]).toBeLessThanOrEqual(36);
    expect(verifiedPerDay[1]).toBeLessThanOrEqual(25);
    expect(verifiedPerDay[1]).toBeGreaterThan(0); // locked, not dead: the pupil gets in once the guessing stops
  });
});

describe('addressKey', () => {
  it('keeps IPv4, unwraps mapped IPv4 and groups IPv6 by /64', () => {
    expect(addressKey('10.0.0.1')).toBe('10.0.0.1');
    expect(addressKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});
