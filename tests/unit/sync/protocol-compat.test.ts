/**
 * The sync protocol stays compatible across every build the server still serves (issue 16;
 * the rule: src/protocol/wire.ts, docs/updates.md « Protocol compatibility »), over real HTTP
 * to real servers (this build's, and the same code announcing another protocol range — the
 * only thing a later server changes for this rule), the tablets on fake-indexeddb.
 * The oldest supported client against the newest server:
 * - requests exactly as a tablet of the oldest supported build sends them, written out here and
 *   frozen (no protocol header, the device report without the later `pendingStudents` field, no
 *   update check-in): accepted, and answered with every field such a tablet reads — by this
 *   server and by a later one speaking protocol 2 down to 1;
 * - today's sync engine made to look like a build before the protocol header.
 * The newest client against an older server:
 * - a server from before the protocol header (no header, no check-in route): the tablet takes it
 *   for protocol 1 and syncs;
 * - a newer build that still speaks protocol 1 (it says 2 down to 1, adds fields this server does
 *   not know, and reads answers with fields it does not know): the server ignores what it does
 *   not know, and so does the tablet;
 * - a newer build that no longer speaks protocol 1, its server put back to protocol 1: the push
 *   is refused whole (nothing stored), then the tablet sends nothing but the handshake, its
 *   outbox intact (`server_outdated`), and its work goes once the server is updated again.
 * And a tablet older than every protocol the server still speaks is refused with 426
 * `protocol_unsupported` (nothing stored), which it shows as `app_outdated`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import type { TestApp } from '../../helpers/test-app.ts';
import { useSyncServer } from '../../helpers/sync-server.ts';
import { createClass, createStudent, enrolDevice, makeTablet, openSession, publishAssignment, type School } from '../../helpers/sync-fixtures.ts';
import { SyncEngine } from '../../../src/sync/worker/sync-engine.ts';
import type { CartableDb } from '../../../src/db/schema.ts';
import { saveAnswer, submitWork } from '../../../src/db/work-repository.ts';
import type { Assignment } from '../../../src/protocol/entities.ts';
import { OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION, formatProtocol, type ProtocolRange } from '../../../src/protocol/wire.ts';
import { installProtocolHeader } from '../../../server/http/protocol-header.ts';
import { installErrorHandlers } from '../../../server/http/error-handler.ts';
import { buildApp, type App } from '../../../server/app.ts';

let t: TestApp;
let url: string;
let school: School;
useSyncServer((started) => ({ t, url, school } = started));

/** A later server on the same database: the same code, speaking protocol 2 down to 1. */
let later: App;
let laterUrl: string;
beforeAll(async () => {
  later = await buildApp({ services: t.store.services, config: { dataDir: t.dataDir, staticDir: null, logRequests: false, appVersion: 'later' }, protocol: { version: PROTOCOL_VERSION + 1, oldest: PROTOCOL_VERSION } });
  laterUrl = await later.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await later?.close();
});

const HEADER = 'x-cartable-protocol';

/** A class with one published assignment and an enrolled tablet with one signed-in pupil (nothing synced yet). */
async function setup() {
  const classId = createClass(t.store, school);
  const studentId = createStudent(t.store, school, classId);
  const assignmentId = publishAssignment(t.store, school, { classId });
  const device = enrolDevice(t.store, school, classId);
  const token = openSession(t.store, studentId, device.deviceId);
  return { classId, studentId, assignmentId, device, token };
}

async function tablet(s: Awaited<ReturnType<typeof setup>>) {
  return makeTablet(s.device, school, [{ studentId: s.studentId, classId: s.classId, token: s.token }]);
}

const engine = (db: CartableDb, fetchImpl: typeof fetch, protocol?: ProtocolRange, baseUrl = url) =>
  new SyncEngine({ db, baseUrl, appVersion: '9.9.9-test', fetch: fetchImpl, uploader: null, protocol });

const revisions = (assignmentId: string, studentId: string) =>
  t.store.db.prepare('SELECT r.kind FROM submission_revisions r JOIN submissions s ON s.id = r.submission_id WHERE s.assignment_id = ? AND s.student_id = ? ORDER BY r.number')
    .pluck().all(assignmentId, studentId) as string[];

/** Writes an answer and hands it in, on the tablet (what the pupil does). */
async function handIn(db: CartableDb, studentId: string, assignmentId: string, text: string) {
  const assignment = (await db.assignments.get(assignmentId)) as Assignment;
  expect((await saveAnswer(db, studentId, assignment, { questionId: 'q1', text })).ok).toBe(true);
  expect((await submitWork(db, studentId, assignmentId)).ok).toBe(true);
}

/** Every request as `METHOD /path`, with the protocol the tablet said (or '-'). */
function recording(inner: typeof fetch = fetch) {
  const calls: string[] = [];
  const f: typeof fetch = (input, init) => {
    const said = new Headers(init?.headers).get(HEADER) ?? '-';
    calls.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname} ${said}`);
    return inner(input, init);
  };
  return { f, calls };
}

/** A copy of `res` with other headers and (for JSON) another body. */
async function rewrite(res: Response, o: { dropHeader?: string; setHeader?: [string, string]; json?: (body: unknown) => unknown }): Promise<Response> {
  const headers = new Headers(res.headers);
  if (o.dropHeader) headers.delete(o.dropHeader);
  if (o.setHeader) headers.set(...o.setHeader);
  headers.delete('content-length');
  headers.delete('content-encoding');
  let body: string | null = await res.text();
  if (o.json && body) body = JSON.stringify(o.json(JSON.parse(body)));
  return new Response(res.status === 304 ? null : body, { status: res.status, headers });
}

describe('the oldest supported client against the newest server', () => {
  it.each([['this server', () => url, PROTOCOL_VERSION], ['a later server (protocol 2, down to 1)', () => laterUrl, PROTOCOL_VERSION + 1]] as const)(
    'accepts a protocol-1 tablet’s requests exactly as it sends them, and answers everything it reads: %s', async (_name, base_, announced) => {
    expect(OLDEST_PROTOCOL_VERSION).toBe(1); // when it moves, this frozen tablet moves with it
    const url = base_();
    const s = await setup();
    const base = { authorization: `Bearer ${s.token}`, 'x-cartable-device': s.device.deviceToken };
    // A protocol-1 tablet's first pull: the report header in its 5-field form, no protocol header.
    const first = await fetch(`${url}/api/sync/pull`, { headers: { ...base, 'x-cartable-report': '0;0;;;0.1.0' } });
    expect(first.status).toBe(200);
    expect(first.headers.get(HEADER)).toBe(`${announced};oldest=1`);
    const page = await first.json() as { changes: Array<Record<string, unknown>>; cursor: unknown; hasMore: unknown };
    expect(typeof page.cursor).toBe('string');
    expect(typeof page.hasMore).toBe('boolean');
    const assignment = page.changes.find((c) => c.entity === 'assignment' && c.id === s.assignmentId);
    expect(assignment).toMatchObject({ op: 'put', scope: expect.any(String) });
    expect(Object.keys(assignment!.data as object)).toEqual(expect.arrayContaining(['id', 'classId', 'title', 'questions', 'version', 'dueAt']));

    // Its push, field for field (the device report without `pendingStudents`).
    const at = new Date().toISOString();
    const mutation = (type: string, seq: number, text: string) => ({
      type, seq, mutationId: randomUUID(), assignmentId: s.assignmentId, baseVersion: null, assignmentVersion: 1, answers: [{ questionId: 'q1', text }], clientAt: at,
    });
    const body = {
      deviceId: s.device.deviceId, appVersion: '0.1.0', report: { pendingCount: 2, pendingBytes: 180, storageUsage: null, storageQuota: null },
      mutations: [mutation('work.save', 1, 'Brouillon'), mutation('work.submit', 2, 'La lumière devient du sucre.')],
    };
    const push = () => fetch(`${url}/api/sync/push`, { method: 'POST', headers: { ...base, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const res = await push();
    expect(res.status, await res.clone().text()).toBe(200);
    const results = (await res.json() as { results: Array<Record<string, unknown>> }).results;
    expect(results.map((r) => [r.status, r.mutationId])).toEqual(body.mutations.map((m) => ['applied', m.mutationId]));
    expect(Object.keys(results[1]!.submission as object)).toEqual(expect.arrayContaining(['id', 'assignmentId', 'studentId', 'state', 'latest', 'submitted', 'submittedAt', 'late', 'resubmitted', 'complete']));
    expect((results[1]!.submission as { state: string }).state).toBe('submitted');
    // Its retry (the answer was lost): each mutation once, the first result again.
    const again = (await (await push()).json() as { results: Array<{ status: string; first: { status: string } }> }).results;
    expect(again.map((r) => [r.status, r.first.status])).toEqual([['duplicate', 'applied'], ['duplicate', 'applied']]);
    expect(revisions(s.assignmentId, s.studentId)).toEqual(['draft', 'submit']);
    expect(t.store.db.prepare('SELECT app_version FROM devices WHERE id = ?').pluck().get(s.device.deviceId)).toBe('0.1.0');
  });

  it('today’s sync engine without the protocol header (a build before it) syncs as always', async () => {
    const s = await setup();
    const db = await tablet(s);
    const strip: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.delete(HEADER);
      return fetch(input, { ...init, headers });
    };
    const { f, calls } = recording(strip);
    expect((await engine(db, f).runCycle()).ok).toBe(true);
    await handIn(db, s.studentId, s.assignmentId, 'Envoyé sans en-tête');
    expect((await engine(db, f).runCycle()).ok).toBe(true);
    expect(revisions(s.assignmentId, s.studentId)).toEqual(['submit']);
    expect(calls.filter((c) => c.includes('/api/sync/')).every((c) => c.endsWith(formatProtocol({ version: PROTOCOL_VERSION, oldest: OLDEST_PROTOCOL_VERSION })))).toBe(true); // said by the engine, stripped on the wire
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('the newest client against an older server', () => {
  it('a server from before the protocol header (no header, no check-in route): taken as protocol 1, synced', async () => {
    const s = await setup();
    const db = await tablet(s);
    const olderServer: typeof fetch = async (input, init) => {
      if (String(input).includes('/api/device/app-status')) return new Response('{"error":{"code":"route_not_found","message":"Not found"}}', { status: 404 });
      const res = await fetch(input, init);
      return rewrite(res, { dropHeader: HEADER, json: String(input).endsWith('/api/health') ? (b) => ({ status: (b as { status: string }).status, version: '0.1.0', protocol: 1 }) : undefined });
    };
    const { f, calls } = recording(olderServer);
    expect((await engine(db, f).runCycle()).ok).toBe(true);
    expect(calls[0]).toMatch(/^GET \/api\/health/); // the handshake, once: then every answer says it
    expect((await db.syncState.get('*'))?.serverProtocol).toBe(1);
    await handIn(db, s.studentId, s.assignmentId, 'Vers un serveur plus ancien');
    const { f: f2, calls: calls2 } = recording(olderServer);
    const out = await engine(db, f2).runCycle();
    expect(out, JSON.stringify(out.error)).toMatchObject({ ok: true, pushed: 1 });
    expect(calls2.filter((c) => c.startsWith('GET /api/health'))).toEqual([]);
    expect(revisions(s.assignmentId, s.studentId)).toEqual(['submit']);
  });

  it('a newer build that still speaks protocol 1: the server ignores the fields it does not know, the tablet those of the answers', async () => {
    const s = await setup();
    const db = await tablet(s);
    const said: string[] = [];
    const newerTablet: typeof fetch = async (input, init) => {
      const path = new URL(String(input)).pathname;
      said.push(new Headers(init?.headers).get(HEADER) ?? '-');
      let body = init?.body;
      if (path === '/api/sync/push' && typeof body === 'string') {
        // What a later build might add: a field on the request, one on each mutation.
        const req = JSON.parse(body) as { mutations: Array<Record<string, unknown>> } & Record<string, unknown>;
        req.screen = { width: 1280, height: 800 };
        for (const m of req.mutations) m.editingSeconds = 42;
        body = JSON.stringify(req);
      }
      const res = await fetch(input, { ...init, body });
      if (path !== '/api/sync/pull') return res;
      // And what a later server might add to its answers.
      return rewrite(res, { json: (b) => ({ ...(b as object), serverHint: 'later', changes: (b as { changes: object[] }).changes.map((c) => ({ ...c, priority: 1 })) }) });
    };
    const newer = { version: PROTOCOL_VERSION + 1, oldest: PROTOCOL_VERSION };
    expect((await engine(db, newerTablet, newer).runCycle()).ok).toBe(true);
    expect(await db.assignments.get(s.assignmentId)).toBeTruthy();
    await handIn(db, s.studentId, s.assignmentId, 'Une version plus récente');
    const out = await engine(db, newerTablet, newer).runCycle();
    expect(out, JSON.stringify(out.error)).toMatchObject({ ok: true, pushed: 1 });
    expect(said.filter((x) => x !== '-').every((x) => x === formatProtocol(newer))).toBe(true);
    expect(revisions(s.assignmentId, s.studentId)).toEqual(['submit']);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a newer build that no longer speaks protocol 1, its server put back: refused whole, then only the handshake, outbox intact; sent once the server is updated', async () => {
    const s = await setup();
    const db = await tablet(s);
    const newer = { version: PROTOCOL_VERSION + 1, oldest: PROTOCOL_VERSION + 1 };
    // It synced with the later server (protocol 2)…
    expect((await engine(db, fetch, newer, laterUrl).runCycle()).ok).toBe(true);
    expect((await db.syncState.get('*'))?.serverProtocol).toBe(PROTOCOL_VERSION + 1);
    await handIn(db, s.studentId, s.assignmentId, 'Gardé en attendant');
    const waiting = (await db.outbox.toArray()).map((o) => o.mutationId);
    expect(waiting).toHaveLength(1);

    // …which is put back to this server (protocol 1). The tablet does not know yet: its push is refused whole.
    const { f: f1, calls: c1 } = recording();
    const refused = await engine(db, f1, newer).runCycle();
    expect(refused).toMatchObject({ ok: false, pushed: 0, error: { code: 'server_outdated' } });
    expect(c1).toEqual([`POST /api/sync/push ${formatProtocol(newer)}`]);
    expect(revisions(s.assignmentId, s.studentId)).toEqual([]);
    expect((await db.syncState.get('*'))?.serverProtocol).toBe(PROTOCOL_VERSION);

    // From then on it sends nothing: only the handshake, each cycle.
    const { f: f2, calls: c2 } = recording();
    expect(await engine(db, f2, newer).runCycle()).toMatchObject({ ok: false, pushed: 0, pulled: 0, error: { code: 'server_outdated' } });
    expect(c2.map((c) => c.split(' ').slice(0, 2).join(' '))).toEqual(['GET /api/health']);
    expect((await db.outbox.toArray()).map((o) => o.mutationId)).toEqual(waiting);

    // The school updates its server again: the work goes.
    const done = await engine(db, fetch, newer, laterUrl).runCycle();
    expect(done, JSON.stringify(done.error)).toMatchObject({ ok: true, pushed: 1 });
    expect(await db.outbox.count()).toBe(0);
    expect(revisions(s.assignmentId, s.studentId)).toEqual(['submit']);
  });
});

describe('a tablet older than every protocol the server still speaks', () => {
  it('is refused with 426 protocol_unsupported (absent header = 1); the answer says the server’s protocol', async () => {
    const app = Fastify();
    installErrorHandlers(app, () => undefined);
    installProtocolHeader(app, { version: 3, oldest: 2 });
    app.post('/api/sync/push', async () => ({ results: [] }));
    app.get('/console', async () => 'not an API path');
    const push = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/sync/push', payload: {}, headers });
    for (const h of [{}, { [HEADER]: '1' }, { [HEADER]: '1;oldest=1' }] as Array<Record<string, string>>) {
      const res = await push(h);
      expect(res.statusCode).toBe(426);
      expect(res.json().error).toMatchObject({ code: 'protocol_unsupported', params: { protocol: 1, oldest: 2 } });
      expect(res.headers[HEADER]).toBe('3;oldest=2');
    }
    // A tablet that no longer speaks protocol 3: refused too, as a server too old for it.
    const tooNew = await push({ [HEADER]: '5;oldest=4' });
    expect(tooNew.statusCode).toBe(409);
    expect(tooNew.json().error).toMatchObject({ code: 'protocol_server_outdated', params: { protocol: 3, oldest: 4 } });
    for (const h of [{ [HEADER]: '2' }, { [HEADER]: '4;oldest=3' }, { [HEADER]: '9;oldest=1' }, { [HEADER]: 'n/a' }, { [HEADER]: '2;oldest=3' }]) {
      expect((await push(h)).statusCode, JSON.stringify(h)).toBe(200);
    }
    expect((await app.inject({ method: 'GET', url: '/console' })).headers[HEADER]).toBeUndefined();
    await app.close();
  });

  it('the tablet keeps its work and says app_outdated', async () => {
    const s = await setup();
    const db = await tablet(s);
    expect((await engine(db, fetch).runCycle()).ok).toBe(true);
    await handIn(db, s.studentId, s.assignmentId, 'Refusé, gardé');
    const refused: typeof fetch = async (input, init) => String(input).includes('/api/sync/push')
      ? new Response(JSON.stringify({ error: { code: 'protocol_unsupported', message: 'update first', params: { protocol: 1, oldest: 2 } } }), { status: 426, headers: { 'content-type': 'application/json', [HEADER]: '3;oldest=2' } })
      : fetch(input, init);
    const out = await engine(db, refused).runCycle();
    expect(out).toMatchObject({ ok: false, error: { code: 'app_outdated' } });
    expect(await db.outbox.count()).toBe(1);
    expect(revisions(s.assignmentId, s.studentId)).toEqual([]);
  });
});
