/** A 500 is logged on the server with its stack and the request id, and the client gets neither the stack nor the message. */
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import type { InternalErrorLog } from '../../../../server/http/error-handler.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';

let t: TestApp | null = null;
afterAll(async () => { await t?.close(); });

describe('internal errors', () => {
  it('logs the stack and request id of a provoked 500, and answers a plain internal error', async () => {
    const logged: InternalErrorLog[] = [];
    t = await startTestApp({ logInternalError: (e) => logged.push(e) });
    const school = await t.store.school.createSchool('Collège');
    await t.store.school.createUser(SYSTEM, { schoolId: school.id, role: 'it', login: 'it', displayName: 'IT', password: 'pass-word-1' });
    const token = (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'it', password: 'pass-word-1' } })).json().token as string;
    // Break the database under the running server: the next read fails unexpectedly.
    t.store.db.exec('ALTER TABLE schools RENAME TO schools_gone');
    const res = await t.app.inject({ method: 'GET', url: '/api/school', headers: { authorization: `Bearer ${token}` } });
    t.store.db.exec('ALTER TABLE schools_gone RENAME TO schools');

    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.error.code).toBe('internal');
    expect(res.body).not.toMatch(/schools|SqliteError|at .*\.ts/);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ method: 'GET', route: '/api/school', reqId: body.error.params.requestId });
    expect(logged[0]!.error).toMatch(/SqliteError: no such table: schools/);
    expect(logged[0]!.stack).toMatch(/school-repositories\.ts/);
    // The server keeps running.
    expect((await t.app.inject({ method: 'GET', url: '/api/school', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
  });
});
