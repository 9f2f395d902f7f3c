/**
 * The console's API client against the real in-process server: the session lives in
 * sessionStorage (per tab), requests carry it, errors come back as ApiError with the
 * server's code and plain-words message, and a dead session is forgotten and reported.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { makeFixture, PASSWORD, type Fixture } from '../server/console/school-fixture.ts';
import { ApiError, createConsoleApi, loadSession } from '../../../src/ui/console/console-api.ts';

/** sessionStorage for Node: a Map behind the Storage interface. */
class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  get length() { return this.m.size; }
  clear() { this.m.clear(); }
  getItem(k: string) { return this.m.get(k) ?? null; }
  key(i: number) { return [...this.m.keys()][i] ?? null; }
  removeItem(k: string) { this.m.delete(k); }
  setItem(k: string, v: string) { this.m.set(k, String(v)); }
}

let t: TestApp;
let f: Fixture;
let base = '';
beforeAll(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
  base = await t.listen();
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  (globalThis as { sessionStorage?: Storage }).sessionStorage = new MemoryStorage();
});

describe('console API client', () => {
  it('signs in, keeps the session in sessionStorage and sends it', async () => {
    const api = createConsoleApi({ base });
    const user = await api.login('prof.a', PASSWORD);
    expect(user).toMatchObject({ role: 'teacher', displayName: 'Prof A' });
    expect(loadSession()?.user.id).toBe(user.id);
    const classes = await api.classes();
    expect(classes.map((c) => c.id)).toEqual([f.classA]);
    const rows = await api.submissions(f.assignmentA);
    expect(rows.map((r) => r.student.id).sort()).toEqual([...f.students].sort());
  });

  it('turns error answers into ApiError with the server code and message', async () => {
    const api = createConsoleApi({ base });
    const wrong = await api.login('prof.a', 'nope').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ApiError);
    expect(wrong).toMatchObject({ status: 401, code: 'wrong_credentials', message: 'Wrong login or password.' });
    await api.login('prof.a', PASSWORD);
    const forbidden = await api.users().catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ status: 403, code: 'it_only' });
    const missing = await api.assignment('no-such-id').catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, code: 'assignment_not_found' });
    expect(loadSession()).not.toBeNull(); // a 403/404 does not end the session
  });

  it('forgets a dead session and says so (sign-out elsewhere, expiry)', async () => {
    let told = 0;
    const api = createConsoleApi({ base, onUnauthenticated: () => told++ });
    await api.login('prof.a', PASSWORD);
    const token = loadSession()!.token;
    await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    await expect(api.classes()).rejects.toMatchObject({ status: 401 });
    expect(told).toBe(1);
    expect(loadSession()).toBeNull();
  });

  it('signing out ends the session on the server too', async () => {
    const api = createConsoleApi({ base });
    await api.login('it.a', PASSWORD);
    const token = loadSession()!.token;
    await api.logout();
    expect(loadSession()).toBeNull();
    const me = await fetch(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
  });
});
