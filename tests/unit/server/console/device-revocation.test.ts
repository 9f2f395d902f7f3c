/**
 * Revoking a tablet never strands work (issue 19), over HTTP on the real in-process server:
 * the console sees whose work a tablet last reported waiting; a withdrawn tablet is refused
 * `device_revoked` (never « session expirée » nor « code pas le bon »); enrolled again with a
 * new code it keeps its id and sessions, so the work it kept arrives under its pupil and the
 * teacher sees it handed in; reactivation; « perdue ou volée » ends its sessions and is named
 * `device_lost`; nothing personal is cacheable.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, makeFixture, SECRET, type Fixture } from './school-fixture.ts';
import { formatReportHeader, REPORT_HEADER, type DeviceReport, type Mutation } from '../../../../src/protocol/sync.ts';

let t: TestApp;
let f: Fixture;
let hugo: string;
let tablet: { deviceId: string; deviceToken: string };
let hugoToken: string;

const inject = (o: InjectOptions) => t.app.inject(o);
const newCode = async () => (await inject({ method: 'POST', url: '/api/devices/codes', headers: auth(f.tokens.teacher), payload: { classId: f.classA } })).json().code as string;
const enrol = (code: string, previousDeviceToken?: string) =>
  inject({ method: 'POST', url: '/api/devices/enrol', payload: { code, name: 'Tablette 4', ...(previousDeviceToken ? { previousDeviceToken } : {}) } });
const signIn = (deviceToken: string, studentId: string, secret = SECRET) =>
  inject({ method: 'POST', url: '/api/auth/student', headers: { 'x-cartable-device': deviceToken }, payload: { studentId, secret } });
const handIn = (): Mutation => ({
  type: 'work.submit', seq: 1, mutationId: randomUUID(), assignmentId: f.assignmentA, baseVersion: null, assignmentVersion: 1,
  answers: [{ questionId: 'q1', text: 'Fait hors ligne avant le retrait.' }], clientAt: new Date().toISOString(),
});
const NOTHING_WAITING: DeviceReport = { pendingCount: 0, pendingBytes: 0, storageUsage: null, storageQuota: null };
const push = (deviceToken: string, deviceId: string, token: string, mutations: Mutation[], report = NOTHING_WAITING) =>
  inject({ method: 'POST', url: '/api/sync/push', headers: auth(token, deviceToken), payload: { deviceId, appVersion: 'test', report, mutations } });
const devices = async () => (await inject({ method: 'GET', url: `/api/devices?classId=${f.classA}`, headers: auth(f.tokens.teacher) })).json() as {
  id: string; revokedAt: string | null; lostAt?: string | null; pendingCount: number | null; pendingStudents?: { firstName: string; lastName: string; works: number }[];
}[];
const codeOf = (res: { statusCode: number; json(): { error?: { code: string } } }) => [res.statusCode, res.json().error?.code];

describe('revoking a tablet never strands work', () => {
  beforeAll(async () => {
    t = await startTestApp();
    f = await makeFixture(t);
    hugo = f.students[1]!;
    tablet = (await enrol(await newCode())).json();
    hugoToken = (await signIn(tablet.deviceToken, hugo)).json().token;
  });
  afterAll(async () => { await t.close(); });

  it('the console sees whose work the tablet last reported waiting (named, with its count)', async () => {
    const header = formatReportHeader('1.2.3', { pendingCount: 3, pendingBytes: 900, storageUsage: null, storageQuota: null, pendingStudents: [{ studentId: hugo, works: 2 }] });
    const pull = await inject({ method: 'GET', url: '/api/sync/pull', headers: { ...auth(hugoToken, tablet.deviceToken), [REPORT_HEADER]: header } });
    expect(pull.statusCode).toBe(200);
    const mine = (await devices()).find((d) => d.id === tablet.deviceId)!;
    expect(mine.pendingCount).toBe(3);
    expect(mine.pendingStudents).toEqual([{ studentId: hugo, firstName: 'Hugo', lastName: 'Bernard', works: 2 }]);
  });

  it('a withdrawn tablet is told device_revoked by sync, sign-in with the right secret and the roster — never 401', async () => {
    const revoked = await inject({ method: 'POST', url: `/api/devices/${tablet.deviceId}/revoke`, headers: auth(f.tokens.teacher) });
    expect(revoked.statusCode).toBe(200);
    // The tablet's hand-in of Hugo's work (its report: 1 work of his waiting) is refused.
    const waiting = { ...NOTHING_WAITING, pendingCount: 1, pendingBytes: 200, pendingStudents: [{ studentId: hugo, works: 1 }] };
    expect(codeOf(await push(tablet.deviceToken, tablet.deviceId, hugoToken, [handIn()], waiting))).toEqual([403, 'device_revoked']);
    expect(codeOf(await inject({ method: 'GET', url: '/api/sync/pull', headers: auth(hugoToken, tablet.deviceToken) }))).toEqual([403, 'device_revoked']);
    expect(codeOf(await signIn(tablet.deviceToken, hugo))).toEqual([403, 'device_revoked']);
    expect(codeOf(await inject({ method: 'GET', url: '/api/device/roster', headers: { 'x-cartable-device': tablet.deviceToken } }))).toEqual([403, 'device_revoked']);
    // What it last reported stays visible, so nobody forgets Hugo's work is on it.
    expect((await devices()).find((d) => d.id === tablet.deviceId)!.pendingStudents?.[0]?.firstName).toBe('Hugo');
  });

  it('refused, a withdrawn tablet still has what it holds recorded: work done offline after its last report keeps the class from « Tout est synchronisé »', async () => {
    const devicesNow = async () => (await inject({ method: 'GET', url: `/api/devices?classId=${f.classA}`, headers: auth(f.tokens.teacher) })).json() as
      { id: string; revokedAt: string; lastSyncAt: string | null; pendingCount: number | null; pendingStudents: { firstName: string; works: number }[]; used?: boolean }[];
    const before = (await devicesNow()).find((d) => d.id === tablet.deviceId)!;
    expect(before.used).toBe(true); // Hugo signed in on it
    // Its push of Hugo's hand-in is refused. Its report describes the tablet once that hand-in is
    // acknowledged (nothing left): refused, the hand-in is still on it, and that is what is recorded.
    const refused = await push(tablet.deviceToken, tablet.deviceId, hugoToken, [handIn()], NOTHING_WAITING);
    expect(codeOf(refused)).toEqual([403, 'device_revoked']);
    let mine = (await devicesNow()).find((d) => d.id === tablet.deviceId)!;
    expect(mine).toMatchObject({ pendingCount: 1, pendingStudents: [{ firstName: 'Hugo', works: 1 }] });
    expect(Date.parse(mine.lastSyncAt!)).toBeGreaterThanOrEqual(Date.parse(mine.revokedAt));
    // Its pull, with the report in its header, likewise (and a header-less pull changes nothing).
    const header = formatReportHeader('1.2.4', { pendingCount: 1, pendingBytes: 10, storageUsage: null, storageQuota: null, pendingStudents: [{ studentId: hugo, works: 1 }] });
    expect(codeOf(await inject({ method: 'GET', url: '/api/sync/pull', headers: { ...auth(hugoToken, tablet.deviceToken), [REPORT_HEADER]: header } }))).toEqual([403, 'device_revoked']);
    expect(codeOf(await inject({ method: 'GET', url: '/api/sync/pull', headers: auth(hugoToken, tablet.deviceToken) }))).toEqual([403, 'device_revoked']);
    mine = (await devicesNow()).find((d) => d.id === tablet.deviceId)!;
    expect(mine).toMatchObject({ pendingCount: 1, pendingStudents: [{ firstName: 'Hugo', works: 1 }] });
    // Nothing of the push was applied: the work stays on the tablet.
    const rows = (await inject({ method: 'GET', url: `/api/assignments/${f.assignmentA}/submissions`, headers: auth(f.tokens.teacher) })).json() as { student: { id: string }; submission: unknown }[];
    expect(rows.find((r) => r.student.id === hugo)?.submission).toBeNull();
  });

  it('enrolled again with a new code, it keeps its id and sessions: the kept work arrives as Hugo’s and the teacher sees it handed in', async () => {
    const again = await enrol(await newCode(), tablet.deviceToken);
    expect(again.statusCode).toBe(201);
    expect(again.json().deviceId).toBe(tablet.deviceId);
    const fresh = again.json().deviceToken as string;
    expect(fresh).not.toBe(tablet.deviceToken);
    expect(codeOf(await inject({ method: 'GET', url: '/api/device/roster', headers: { 'x-cartable-device': tablet.deviceToken } }))).toEqual([401, 'device_not_enrolled']);
    const res = await push(fresh, tablet.deviceId, hugoToken, [handIn()]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results[0]).toMatchObject({ status: 'applied', submission: { studentId: hugo, state: 'submitted' } });
    const rows = (await inject({ method: 'GET', url: `/api/assignments/${f.assignmentA}/submissions`, headers: auth(f.tokens.teacher) })).json() as { student: { id: string }; submission: { state: string } | null }[];
    expect(rows.find((r) => r.student.id === hugo)?.submission?.state).toBe('submitted');
    expect((await devices()).find((d) => d.id === tablet.deviceId)!.revokedAt).toBeNull();
    tablet = { deviceId: tablet.deviceId, deviceToken: fresh };
  });

  it('« Réactiver la tablette » gives it back as it was; only its class’s teacher or the IT referent may', async () => {
    await inject({ method: 'POST', url: `/api/devices/${tablet.deviceId}/revoke`, headers: auth(f.tokens.teacher) });
    expect(codeOf(await inject({ method: 'POST', url: `/api/devices/${tablet.deviceId}/reactivate`, headers: auth(f.tokens.teacher2) }))).toEqual([404, 'device_not_found']);
    expect(codeOf(await inject({ method: 'POST', url: `/api/devices/${tablet.deviceId}/reactivate`, headers: auth(f.tokens.itB) }))).toEqual([404, 'device_not_found']);
    expect(codeOf(await inject({ method: 'POST', url: '/api/devices/not%20an%20id/reactivate', headers: auth(f.tokens.it) }))).toEqual([400, 'validation']);
    const back = await inject({ method: 'POST', url: `/api/devices/${tablet.deviceId}/reactivate`, headers: auth(f.tokens.it) });
    expect(back.statusCode).toBe(200);
    expect(back.json().revokedAt).toBeNull();
    expect((await inject({ method: 'GET', url: '/api/sync/pull', headers: auth(hugoToken, tablet.deviceToken) })).statusCode).toBe(200);
    expect(codeOf(await inject({ method: 'POST', url: `/api/devices/${tablet.deviceId}/reactivate`, headers: auth(f.tokens.it) }))).toEqual([409, 'device_not_revoked']);
  });

  it('« Tablette perdue ou volée » ends its sessions and tells it device_lost; enrolled again it is a new tablet', async () => {
    const lost = await inject({ method: 'POST', url: `/api/devices/${tablet.deviceId}/lost`, headers: auth(f.tokens.teacher) });
    expect(lost.statusCode).toBe(200);
    expect(lost.json()).toMatchObject({ lostAt: expect.any(String), revokedAt: expect.any(String) });
    expect(codeOf(await inject({ method: 'GET', url: '/api/sync/pull', headers: auth(hugoToken, tablet.deviceToken) }))).toEqual([403, 'device_lost']);
    expect(codeOf(await signIn(tablet.deviceToken, hugo))).toEqual([403, 'device_lost']);
    const again = await enrol(await newCode(), tablet.deviceToken);
    expect(again.json().deviceId).not.toBe(tablet.deviceId);
    // The old session does not follow it.
    expect(codeOf(await inject({ method: 'GET', url: '/api/sync/pull', headers: auth(hugoToken, again.json().deviceToken) }))).toEqual([401, 'unauthenticated']);
  });

  it('a tablet of another school cannot be taken over with a code of this one', async () => {
    const other = await inject({ method: 'POST', url: '/api/devices/codes', headers: auth(f.tokens.itB), payload: {} });
    const foreign = (await enrol(other.json().code)).json();
    await inject({ method: 'POST', url: `/api/devices/${foreign.deviceId}/revoke`, headers: auth(f.tokens.itB) });
    const taken = await enrol(await newCode(), foreign.deviceToken);
    expect(taken.statusCode).toBe(201);
    expect(taken.json().deviceId).not.toBe(foreign.deviceId);
  });

  it('API answers with personal data are never cached; a staff read of a pupil’s photo is not stored either', async () => {
    for (const url of [`/api/devices?classId=${f.classA}`, `/api/assignments/${f.assignmentA}/submissions`, '/api/console/settings', '/api/nope']) {
      const res = await inject({ method: 'GET', url, headers: auth(f.tokens.teacher) });
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const refused = await inject({ method: 'GET', url: '/api/devices' });
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('the console reads its settings (defaults 15 and 20 minutes); staff only', async () => {
    const res = await inject({ method: 'GET', url: '/api/console/settings', headers: auth(f.tokens.teacher) });
    expect(res.json()).toEqual({ tabletContactMinutes: 15, idleSignOutMinutes: 20 });
    expect(codeOf(await inject({ method: 'GET', url: '/api/console/settings' }))).toEqual([401, 'unauthenticated']);
  });
});
