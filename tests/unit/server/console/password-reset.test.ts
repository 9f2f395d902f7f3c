/**
 * Teacher password reset (issue 19): the IT referent sets a temporary password
 * (PATCH /api/users/:id { password, temporary: true }); the teacher's open sessions end; at the
 * next sign-in the session may only change it (every other call: 403 password_change_required)
 * until POST /api/auth/password; the audit log says password_reset, never the password.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, makeFixture, PASSWORD, type Fixture } from './school-fixture.ts';

let t: TestApp;
let f: Fixture;
beforeEach(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
});
afterEach(async () => { await t.close(); });

const TEMP = 'provisoire-2026';
const signIn = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'prof.a', password } });
const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => t.app.inject({ method, url, headers: auth(token), payload });

describe('a temporary password set by the IT referent', () => {
  it('ends the teacher’s sessions, and the next session can do nothing but change it', async () => {
    const reset = await call(f.tokens.it, 'PATCH', `/api/users/${f.ids.teacher}`, { password: TEMP, temporary: true });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().mustChangePassword).toBe(true);
    expect((await call(f.tokens.teacher, 'GET', '/api/classes')).statusCode).toBe(401); // the open session ended
    expect((await signIn(PASSWORD)).statusCode).toBe(401);

    const signed = await signIn(TEMP);
    expect(signed.statusCode).toBe(200);
    expect(signed.json().user.mustChangePassword).toBe(true);
    const token = signed.json().token as string;
    const published = () => t.store.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'publish'").pluck().get();
    const publishedBefore = published();
    for (const [method, url] of [['GET', '/api/classes'], ['GET', `/api/classes/${f.classA}/assignments`], ['POST', `/api/lessons/${f.lessonA}/publish`], ['GET', '/api/console/settings']] as const) {
      const refused = await call(token, method, url, method === 'POST' ? {} : undefined);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error.code).toBe('password_change_required');
    }
    expect(published()).toBe(publishedBefore); // refused before anything ran
    expect((await call(token, 'GET', '/api/auth/me')).json().user.mustChangePassword).toBe(true);

    // Wrong current password, same password, too short: refused with codes, nothing changes.
    const wrong = await call(token, 'POST', '/api/auth/password', { currentPassword: 'pas-le-bon', newPassword: 'mon-nouveau-secret' });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([400, 'current_password_wrong']);
    const same = await call(token, 'POST', '/api/auth/password', { currentPassword: TEMP, newPassword: TEMP });
    expect([same.statusCode, same.json().error.code]).toEqual([400, 'password_unchanged']);
    const short = await call(token, 'POST', '/api/auth/password', { currentPassword: TEMP, newPassword: 'court' });
    expect([short.statusCode, short.json().error.code]).toEqual([400, 'validation']);
    expect((await call(token, 'GET', '/api/classes')).statusCode).toBe(403);

    const changed = await call(token, 'POST', '/api/auth/password', { currentPassword: TEMP, newPassword: 'mon-nouveau-secret' });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await call(token, 'GET', '/api/classes')).statusCode).toBe(200); // the same session goes on
    expect((await call(token, 'GET', '/api/auth/me')).json().user.mustChangePassword).toBeUndefined();
    expect((await signIn(TEMP)).statusCode).toBe(401);
    const again = await signIn('mon-nouveau-secret');
    expect(again.statusCode).toBe(200);
    expect(again.json().user.mustChangePassword).toBeUndefined();

    const audit = (await call(f.tokens.it, 'GET', '/api/audit?action=password_reset')).json();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorName: 'IT A', targetLabel: 'Prof A', details: { temporary: true } });
    expect(JSON.stringify(audit)).not.toContain(TEMP);
  });

  it('a plain new password (no `temporary`) asks for no change; only the IT referent may reset', async () => {
    expect((await call(f.tokens.it, 'PATCH', `/api/users/${f.ids.teacher}`, { password: TEMP })).statusCode).toBe(200);
    const signed = await signIn(TEMP);
    expect(signed.json().user.mustChangePassword).toBeUndefined();
    expect((await call(signed.json().token, 'GET', '/api/classes')).statusCode).toBe(200);
    const byTeacher = await call(signed.json().token, 'PATCH', `/api/users/${f.ids.teacher2}`, { password: TEMP, temporary: true });
    expect(byTeacher.statusCode).toBe(403);
    expect((await call(f.tokens.itB, 'PATCH', `/api/users/${f.ids.teacher}`, { password: TEMP, temporary: true })).statusCode).toBe(404);
  });
});
