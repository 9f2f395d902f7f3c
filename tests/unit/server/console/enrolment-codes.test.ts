/**
 * The IT referent's enrolment codes (issue 19): GET /api/devices/codes lists the school's codes
 * not expired yet (class, expiry, uses left, who made it, revoked or not; never the code or its
 * hash), POST /api/devices/codes/:id/revoke stops a code admitting tablets (audited as
 * enrolment_code_revoke); teachers and the other school are refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, makeFixture, type Fixture } from './school-fixture.ts';

let t: TestApp;
let f: Fixture;
beforeEach(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
});
afterEach(async () => { await t.close(); });

const inject = (token: string, method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, headers: auth(token), payload });
const enrol = (code: string) => t.app.inject({ method: 'POST', url: '/api/devices/enrol', payload: { code, name: 'Tablette 9' } });

interface CodeInfo { id: string; classId: string | null; className: string | null; createdByName: string; expiresAt: string; usesLeft: number; revokedAt: string | null }

describe('enrolment codes for the IT referent', () => {
  it('lists the live codes with class, expiry and uses left, newest first, without the code itself', async () => {
    const made = (await inject(f.tokens.teacher, 'POST', '/api/devices/codes', { classId: f.classA })).json();
    const school = (await inject(f.tokens.it, 'POST', '/api/devices/codes', {})).json();
    expect(made.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect((await enrol(made.code)).statusCode).toBe(201);
    // An expired code is not listed.
    t.store.db.prepare('UPDATE enrolment_codes SET expires_at = ? WHERE id != ? AND id != ?').run('2000-01-01T00:00:00.000Z', made.id, school.id);

    const res = await inject(f.tokens.it, 'GET', '/api/devices/codes');
    expect(res.statusCode).toBe(200);
    const list = res.json() as CodeInfo[];
    expect(list.map((c) => c.id)).toEqual([school.id, made.id]);
    expect(list[0]).toMatchObject({ classId: null, className: null, createdByName: 'IT A', usesLeft: 30, revokedAt: null, expiresAt: school.expiresAt });
    expect(list[1]).toMatchObject({ classId: f.classA, className: '5e B', createdByName: 'Prof A', usesLeft: 29, revokedAt: null });
    const hashes = t.store.db.prepare('SELECT code_hash FROM enrolment_codes').pluck().all() as string[];
    for (const secret of [made.code, school.code, ...hashes]) expect(res.body).not.toContain(secret);
  });

  it('revokes a code: it admits no tablet any more, stays listed as revoked, and the audit log says who', async () => {
    const { id, code } = (await inject(f.tokens.it, 'POST', '/api/devices/codes', { classId: f.classA })).json();
    const revoked = await inject(f.tokens.it, 'POST', `/api/devices/codes/${id}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(204);
    const refused = await enrol(code);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('enrolment_code_invalid');
    const listed = ((await inject(f.tokens.it, 'GET', '/api/devices/codes')).json() as CodeInfo[]).find((c) => c.id === id)!;
    expect(listed.revokedAt).not.toBeNull();
    const again = await inject(f.tokens.it, 'POST', `/api/devices/codes/${id}/revoke`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('enrolment_code_already_revoked');
    const audit = (await inject(f.tokens.it, 'GET', '/api/audit?action=enrolment_code_revoke')).json();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorName: 'IT A', targetType: 'enrolment_code', targetId: id, targetLabel: '5e B', details: { usesLeft: 30 } });
  });

  it('is for the IT referent of the school only; an unknown id is a 404 with a code', async () => {
    const { id, code } = (await inject(f.tokens.it, 'POST', '/api/devices/codes', {})).json();
    expect((await inject(f.tokens.teacher, 'GET', '/api/devices/codes')).json().error.code).toBe('it_only');
    expect((await inject(f.tokens.teacher, 'POST', `/api/devices/codes/${id}/revoke`)).json().error.code).toBe('it_only');
    expect((await inject(f.tokens.itB, 'GET', '/api/devices/codes')).json()).toEqual([]);
    const other = await inject(f.tokens.itB, 'POST', `/api/devices/codes/${id}/revoke`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('enrolment_code_not_found');
    expect((await enrol(code)).statusCode).toBe(201); // untouched by the refused revocations
    expect((await inject(f.tokens.it, 'POST', '/api/devices/codes/nope/revoke')).statusCode).toBe(404);
    expect((await inject(f.tokens.it, 'POST', '/api/devices/codes/..%2F/revoke')).statusCode).toBe(400);
  });
});
