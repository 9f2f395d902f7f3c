/**
 * Logins are server-wide — a sign-in names no school — so a login taken in another school
 * must be refused, but the refusal says no more than for a login taken in one's own school:
 * same status, code and words, nothing about which school or whom (docs/SECURITY.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, makeFixture, type Fixture } from '../console/school-fixture.ts';

let t: TestApp;
let f: Fixture;
beforeAll(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
});
afterAll(async () => { await t.close(); });

const create = (token: string, login: string) =>
  t.app.inject({ method: 'POST', url: '/api/users', headers: auth(token), payload: { role: 'teacher', login, displayName: 'Nouveau', password: 'long enough password' } });

describe('a login taken in another school', () => {
  it('is refused exactly like one taken in the same school', async () => {
    const otherSchool = await create(f.tokens.itB, 'Prof.A'); // prof.a is school A's
    const sameSchool = await create(f.tokens.it, 'Prof.A');
    expect(otherSchool.statusCode).toBe(409);
    expect(sameSchool.statusCode).toBe(409);
    expect(otherSchool.json()).toEqual(sameSchool.json());
    expect(otherSchool.body).not.toMatch(/Collège A|school|école|IT A|Prof A\b/i);
  });
});
