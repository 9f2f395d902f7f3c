/**
 * The bad-input fuzzer as a signed-in tablet (issue #11): random and near-valid requests on
 * every student route (sync push/pull, sign-in, roster, tus uploads, attachments, media) and
 * the console's, sent with the real tablet header (X-Cartable-Device) and a real student
 * session most of the time — so they reach the rules, not the sign-in wall — and otherwise
 * with a teacher's token, a forged or missing one. Every answer is < 500 with the error
 * shape, the server stays alive and its memory bounded.
 *
 * FUZZ_RUNS sets the number of requests: a reduced run here (CI), ≥ 10,000 with
 * `npm run test:fuzz`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, makeFixture, type Fixture } from '../console/school-fixture.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 800);

let t: TestApp;
let f: Fixture;
beforeAll(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
});
afterAll(async () => { await t.close(); });

const junkId = fc.oneof(fc.uuid(), fc.string({ maxLength: 70 }), fc.constantFrom('..%2F..%2Fcartable.sqlite', '%00', '😀', 'a'.repeat(65), '0123456789abcdef0123456789abcdef'));
const realIdOr = (...ids: (() => string)[]) => fc.oneof(fc.constantFrom(...ids).map((g) => g()), junkId);

/** Near-valid sync mutations: real ids and question ids mixed with junk, every field sometimes wrong. */
const mutation = fc.record({
  type: fc.oneof(fc.constantFrom('work.save', 'work.submit'), fc.string({ maxLength: 12 })),
  seq: fc.oneof(fc.integer({ min: 1, max: 1e6 }), fc.constantFrom(0, -1, 1.5, 2 ** 53, 'x' as unknown as number)),
  mutationId: fc.oneof(fc.uuid(), fc.constant(randomUUID()), fc.string({ maxLength: 40 })),
  assignmentId: realIdOr(() => f.assignmentA),
  baseVersion: fc.oneof(fc.constant(null), fc.integer({ min: -2, max: 5 })),
  assignmentVersion: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0, -5, Number.MAX_SAFE_INTEGER, 1e308)),
  answers: fc.array(fc.record({
    questionId: fc.oneof(fc.constantFrom('q1', 'q2', 'q9'), junkId),
    text: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
    choiceIds: fc.option(fc.array(fc.oneof(fc.constantFrom('c1', 'c3'), junkId), { maxLength: 4 }), { nil: undefined }),
    attachmentIds: fc.option(fc.array(fc.oneof(fc.uuid(), junkId), { maxLength: 3 }), { nil: undefined }),
  }, { requiredKeys: ['questionId'] }), { maxLength: 4 }),
  clientAt: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string({ maxLength: 30 })),
}, { requiredKeys: [] });

/** A push the server accepts as a request (its mutations may still be rejected one by one). */
const validPush = fc.array(fc.record({
  type: fc.constantFrom('work.save', 'work.submit'), seq: fc.integer({ min: 1, max: 1e6 }), mutationId: fc.uuid(),
  assignmentId: fc.oneof(fc.constant(null).map(() => f.assignmentA), fc.uuid()), baseVersion: fc.constant(null), assignmentVersion: fc.integer({ min: 1, max: 3 }),
  answers: fc.array(fc.record({ questionId: fc.constantFrom('q1', 'q2', 'q9'), text: fc.string({ maxLength: 100 }) }), { maxLength: 3 }),
  clientAt: fc.date({ noInvalidDate: true, min: new Date(2020, 0, 1), max: new Date(2030, 0, 1) }).map((d) => d.toISOString()),
}), { maxLength: 3 }).map((mutations) => ({ deviceId: f.deviceId, appVersion: '1.0.0', report: { pendingCount: 0, pendingBytes: 0, storageUsage: 0, storageQuota: 1 }, mutations }));

const pushBody = fc.record({
  deviceId: realIdOr(() => f.deviceId),
  appVersion: fc.oneof(fc.constant('1.0.0'), fc.string({ maxLength: 300 })),
  report: fc.oneof(fc.constant({ pendingCount: 0, pendingBytes: 0, storageUsage: 0, storageQuota: 1 }), fc.jsonValue({ maxDepth: 2 })),
  mutations: fc.oneof(fc.array(mutation, { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 })),
}, { requiredKeys: [] });

const tusMeta = fc.dictionary(
  fc.constantFrom('attachmentId', 'kind', 'mime', 'sha256', 'filename', 'x'),
  fc.oneof(fc.uuid(), fc.constantFrom('photo', 'audio', 'image/jpeg', 'image/png; 😀', 'image/png;\r\nSet-Cookie: a=1', 'a'.repeat(64)), fc.string({ maxLength: 40 })),
).map((m) => Object.entries(m).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(','));

type Req = { method: string; url: string; payload?: string | Buffer; headers: Record<string, string> };

/** One request: a route, a body fitting (or not) its shape, and headers. */
const request = fc.oneof(
  { weight: 3, arbitrary: validPush.map((b): Req => ({ method: 'POST', url: '/api/sync/push', payload: JSON.stringify(b), headers: { 'content-type': 'application/json' } })) },
  { weight: 4, arbitrary: fc.tuple(pushBody, fc.boolean()).map(([b, raw]): Req => ({ method: 'POST', url: '/api/sync/push', payload: raw ? JSON.stringify(b).slice(0, 50) : JSON.stringify(b), headers: { 'content-type': 'application/json' } })) },
  { weight: 3, arbitrary: fc.oneof(fc.constant(''), fc.constant(''), fc.string({ maxLength: 40 }), fc.constantFrom('0.x', '99999999999999999999.abc', '1.', '')).chain((cursor) => fc.constantFrom('', '&limit=0', '&limit=9999999', '&limit=-1', '&limit=abc').map((lim): Req => ({ method: 'GET', url: `/api/sync/pull?cursor=${encodeURIComponent(cursor)}${lim}`, headers: {} }))) },
  { weight: 2, arbitrary: fc.record({ studentId: realIdOr(() => f.students[2]!), secret: fc.oneof(fc.string({ maxLength: 70 }), fc.constant('0000')) }, { requiredKeys: [] }).map((b): Req => ({ method: 'POST', url: '/api/auth/student', payload: JSON.stringify(b), headers: { 'content-type': 'application/json' } })) },
  { weight: 1, arbitrary: fc.constantFrom('/api/device/roster', '/api/auth/me', '/api/health', '/api/school', '/api/classes').map((url): Req => ({ method: 'GET', url, headers: {} })) },
  { weight: 2, arbitrary: fc.tuple(realIdOr(randomUUID), fc.option(fc.constantFrom('bytes=0-', 'bytes=-5', 'bytes=99999999-', 'bytes=a-b', 'bytes=0-1,2-3'), { nil: undefined }), fc.constantFrom('/files/attachments/', '/media/'))
    .map(([id, range, path]): Req => ({ method: 'GET', url: `${path}${encodeURIComponent(id)}`, headers: range ? { range } : {} })) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('POST', 'HEAD', 'PATCH', 'DELETE', 'OPTIONS'), fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9a-f]{32}$/), junkId.map(encodeURIComponent)), tusMeta,
    fc.oneof(fc.integer({ min: 0, max: 20_000_000 }).map(String), fc.constantFrom('-1', 'abc', '')), fc.uint8Array({ maxLength: 300 }), fc.boolean())
    .map(([method, id, meta, length, bytes, offset]): Req => ({
      method, url: `/files/uploads/${id}`, payload: method === 'PATCH' || method === 'POST' ? Buffer.from(bytes) : undefined,
      headers: { 'tus-resumable': '1.0.0', 'upload-metadata': meta, 'upload-length': length, ...(offset ? { 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' } : {}) },
    })) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('POST', 'PATCH', 'PUT', 'GET', 'DELETE'), fc.constantFrom('/api/submissions/:id/feedback', '/api/assignments/:id', '/api/lessons/:id', '/api/students/:id', '/api/groups/:id', '/api/classes/:id/groups'), realIdOr(() => f.assignmentA, () => f.lessonA, () => f.classA), fc.jsonValue({ maxDepth: 2 }))
    .map(([method, path, id, body]): Req => ({ method, url: path.replace(':id', encodeURIComponent(id)), payload: method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } })) },
);

/** Who sends it: mostly the signed-in tablet (its device header and a student session), else others. */
const sender = fc.oneof(
  { weight: 6, arbitrary: fc.constant(() => auth(f.tokens.student, f.deviceToken)) },
  { weight: 1, arbitrary: fc.constant(() => ({ 'x-cartable-device': f.deviceToken })) },
  { weight: 1, arbitrary: fc.constant(() => auth(f.tokens.teacher)) },
  { weight: 1, arbitrary: fc.constant(() => auth(f.tokens.student)) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 })).map(([a, d]) => () => ({ authorization: `Bearer ${a}`, 'x-cartable-device': d.replace(/[^\x21-\x7e]/g, '') || 'x' })) },
  { weight: 1, arbitrary: fc.constant(() => ({ 'x-forwarded-for': '1.2.3.4', 'x-forwarded-proto': 'https' })) },
);

describe(`fuzzing as a signed-in tablet (${RUNS} requests)`, () => {
  it('never answers 5xx, always in the error shape, and the server stays alive with bounded memory', async () => {
    const rssBefore = process.memoryUsage().rss;
    const statuses = new Map<number, number>();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(request, sender, fc.integer({ min: 1, max: 250 }), async (r, who, ip) => {
        const res = await t.app.inject({ method: r.method as 'GET', url: r.url, payload: r.payload, headers: { ...who(), ...r.headers }, remoteAddress: `10.9.0.${ip}` });
        sent++;
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode, `${r.method} ${r.url} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (res.statusCode >= 400 && r.method !== 'HEAD' && res.body && res.headers['content-type']?.toString().startsWith('application/json')) {
          expect(res.json().error.code, `${r.method} ${r.url} → ${res.body.slice(0, 300)}`).toEqual(expect.any(String));
        }
        expect(res.body).not.toMatch(/\n\s+at \S+ \(/); // no stack trace
      }),
      { numRuns: RUNS },
    );
    expect(sent).toBe(RUNS);
    // The tablet's requests reached the rules (not only the sign-in wall): some pushes and pulls succeeded.
    expect((statuses.get(200) ?? 0) + (statuses.get(204) ?? 0)).toBeGreaterThan(RUNS / 10);
    // Alive and still correct: health, a real pull, a real push.
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/sync/pull?cursor=', headers: auth(f.tokens.student, f.deviceToken) })).statusCode).toBe(200);
    const rssGrowth = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    expect(rssGrowth, `RSS grew ${rssGrowth.toFixed(0)} MB`).toBeLessThan(400);
    console.log(`fuzz: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}, RSS +${rssGrowth.toFixed(0)} MB`);
  }, Math.max(60_000, RUNS * 60));
});
