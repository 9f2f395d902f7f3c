/** Enrolment codes, enrolment, device list with last contact, revoke, and the sign-in grid. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, makeFixture, type Fixture } from './school-fixture.ts';
import { hashEnrolmentCode } from '../../../../server/devices/enrolment-codes.ts';

let t: TestApp;
let f: Fixture;
const enrol = (code: string, name = 'Tablette') => t.app.inject({ method: 'POST', url: '/api/devices/enrol', payload: { code, name } });
const newCode = async (token: string, classId?: string) => t.app.inject({ method: 'POST', url: '/api/devices/codes', headers: auth(token), payload: classId ? { classId } : {} });

describe('device routes', () => {
  beforeAll(async () => {
    t = await startTestApp();
    f = await makeFixture(t);
  });
  afterAll(async () => { await t.close(); });

  it('gives a code that enrols a tablet to the class; the code is stored hashed and typed loosely', async () => {
    const res = await newCode(f.tokens.teacher, f.classA);
    expect(res.statusCode).toBe(201);
    const { code, expiresAt, usesLeft } = res.json();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
    expect(usesLeft).toBe(30);
    const stored = t.store.db.prepare('SELECT code_hash FROM enrolment_codes').pluck().all() as string[];
    expect(stored).toContain(hashEnrolmentCode(code));
    expect(stored.join()).not.toContain(code);

    const e = await enrol(` ${code.toLowerCase().replace('-', ' ')} `, 'Tablette 7');
    expect(e.statusCode, e.body).toBe(201);
    expect(e.json()).toMatchObject({ schoolId: f.schoolA, classId: f.classA });
    expect(e.json().deviceToken.length).toBeGreaterThan(30);
    const roster = await t.app.inject({ method: 'GET', url: '/api/device/roster', headers: { 'x-cartable-device': e.json().deviceToken } });
    expect(roster.statusCode).toBe(200);
    expect(roster.json().school).toEqual({ id: f.schoolA, name: 'Collège A' });
    expect(roster.json().classes.map((c: { id: string }) => c.id)).toEqual([f.classA]);
    expect(roster.json().students).toHaveLength(3);
    // The PIN pad's boxes: each card says how long the secret is (the fixture's are 4 digits), and nothing more of it.
    expect(roster.json().students.map((s: { secretLength: number | null }) => s.secretLength)).toEqual([4, 4, 4]);
    // The secret 4321 standing alone (a random id or token may hold those four digits: that is no leak).
    expect(roster.body).not.toMatch(/secretHash|secret_hash|"secret"|scrypt|(?<![0-9a-zA-Z_-])4321(?![0-9a-zA-Z_-])/);
  });

  it('refuses unknown, expired and used-up codes; a teacher must name one of their classes', async () => {
    expect((await enrol('ABCD-EFGH')).statusCode).toBe(400);
    expect((await enrol('x')).statusCode).toBe(400);
    const { code } = (await newCode(f.tokens.it)).json();
    t.store.db.prepare('UPDATE enrolment_codes SET uses_left = 1 WHERE code_hash = ?').run(hashEnrolmentCode(code));
    expect((await enrol(code)).statusCode).toBe(201);
    const second = await enrol(code);
    expect(second.statusCode).toBe(400);
    expect(second.json().error.message).toMatch(/expired or used up/);
    const { code: old } = (await newCode(f.tokens.it)).json();
    t.store.db.prepare('UPDATE enrolment_codes SET expires_at = ? WHERE code_hash = ?').run('2000-01-01T00:00:00.000Z', hashEnrolmentCode(old));
    expect((await enrol(old)).statusCode).toBe(400);
    expect((await newCode(f.tokens.teacher)).statusCode).toBe(400);
    expect((await newCode(f.tokens.teacher, f.classA2)).statusCode).toBe(404);
  });

  it('lists devices with last contact, and revoking withdraws the tablet and its student sessions (named device_revoked)', async () => {
    const list = (await t.app.inject({ method: 'GET', url: `/api/devices?classId=${f.classA}`, headers: auth(f.tokens.teacher) })).json() as { id: string; lastSeenAt: string | null; name: string }[];
    const mine = list.find((d) => d.id === f.deviceId)!;
    expect(mine.name).toBe('Tablette 1');
    expect(mine.lastSeenAt).toBeTruthy();
    const me = () => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth(f.tokens.student, f.deviceToken) });
    expect((await me()).statusCode).toBe(200);
    const revoked = await t.app.inject({ method: 'POST', url: `/api/devices/${f.deviceId}/revoke`, headers: auth(f.tokens.teacher) });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toBeTruthy();
    expect((await me()).statusCode).toBe(401);
    const roster = await t.app.inject({ method: 'GET', url: '/api/device/roster', headers: { 'x-cartable-device': f.deviceToken } });
    expect([roster.statusCode, roster.json().error.code]).toEqual([403, 'device_revoked']);
    expect((await t.app.inject({ method: 'POST', url: `/api/devices/${f.deviceId}/revoke`, headers: auth(f.tokens.itB) })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/devices?classId=nope nope', headers: auth(f.tokens.it) })).statusCode).toBe(400);
  });

  it('rate-limits enrolment guesses', async () => {
    let limited = 0;
    for (let i = 0; i < 25; i++) if ((await enrol(`ZZZZ-ZZ${String(i).padStart(2, '0')}`)).statusCode === 429) limited++;
    expect(limited).toBeGreaterThan(0);
  });
});
