/**
 * The pull answered as frames (`stream=1`): pages sent one per line as the server reads them,
 * each stored by the tablet with its own cursor while the next ones arrive (SYNC.md: each page
 * in the transaction that stores its cursor; resumable; gap-free). The server's frames are made
 * tiny here (`frameBytes`) so that a few lessons make many frames.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/test-app.ts';
import { useSyncServer } from '../../helpers/sync-server.ts';
import { addToGroup, createClass, createGroup, createStudent, enrolDevice, makeTablet, openSession, publishLesson, type School } from '../../helpers/sync-fixtures.ts';
import { SyncEngine } from '../../../src/sync/worker/sync-engine.ts';
import type { CartableDb } from '../../../src/db/schema.ts';
import type { PullResponse } from '../../../src/protocol/sync.ts';
import { DEVICE_HEADER, PULL_FRAMES_TYPE } from '../../../src/protocol/wire.ts';
import type { StudentActor } from '../../../server/access/actor.ts';

let t: TestApp;
let url: string;
let school: School;
useSyncServer((started) => ({ t, url, school } = started));
afterEach(() => { t.store.sync.frameBytes = 64 * 1024; });

const engine = (db: CartableDb, fetchImpl: typeof fetch = fetch) => new SyncEngine({ db, baseUrl: url, appVersion: 'test', fetch: fetchImpl, uploader: null });

/** A class with `lessons` lessons and a tablet whose pupil has pulled nothing yet. */
async function freshTablet(lessons: number) {
  const classId = createClass(t.store, school);
  const studentId = createStudent(t.store, school, classId);
  const ids = Array.from({ length: lessons }, (_, i) => publishLesson(t.store, school, { classId, title: `L${i}`, body: `# Leçon ${i}\n\n${'Du texte. '.repeat(40)}` }));
  const device = enrolDevice(t.store, school, classId);
  const token = openSession(t.store, studentId, device.deviceId);
  const db = await makeTablet(device, school, [{ studentId, classId, token }]);
  return { classId, studentId, ids, device, token, db };
}

const actorOf = (s: { studentId: string; classId: string; device: { deviceId: string } }): StudentActor =>
  ({ kind: 'student', studentId: s.studentId, classId: s.classId, deviceId: s.device.deviceId, schoolId: school.schoolId });

/** A fetch that records each pull answer's type and frames (read from a copy of its body). */
function watchingFetch() {
  const answers: { type: string; frames: PullResponse[] }[] = [];
  const f: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (String(input).includes('/api/sync/pull') && res.ok) {
      const type = res.headers.get('content-type') ?? '';
      const text = await res.clone().text();
      answers.push({ type, frames: text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as PullResponse) });
    }
    return res;
  };
  return { f, answers };
}

/** A fetch whose pull answer is cut after its first `keep` frames (and half of the next). */
function cuttingFetch(keep: number) {
  const kept: PullResponse[] = [];
  const f: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!String(input).includes('/api/sync/pull')) return res;
    const lines = (await res.text()).split('\n').filter(Boolean);
    kept.push(...lines.slice(0, keep).map((l) => JSON.parse(l) as PullResponse));
    const enc = new TextEncoder();
    // Read as a network cut is: what arrived before the cut is read, then the error.
    const chunks = [...lines.slice(0, keep).map((l) => `${l}\n`), lines[keep]!.slice(0, 40)];
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        const next = chunks.shift();
        if (next === undefined) c.error(new TypeError('network connection lost'));
        else c.enqueue(enc.encode(next));
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': res.headers.get('content-type')! } });
  };
  return { f, kept };
}

describe('a pull answered as frames', () => {
  it('a first pull of many pages is ONE request: each frame stored with its cursor, the same content as one page', async () => {
    const s = await freshTablet(12);
    t.store.sync.frameBytes = 1500;
    const { f, answers } = watchingFetch();
    const out = await engine(s.db, f).runCycle();
    expect(out).toMatchObject({ ok: true, requests: 1 });
    expect(answers).toHaveLength(1);
    const frames = answers[0]!.frames;
    expect(answers[0]!.type.startsWith(PULL_FRAMES_TYPE)).toBe(true);
    expect(frames.length).toBeGreaterThanOrEqual(4);
    // Every frame but the last says more follows; cursors only move forward; scopes come first.
    expect(frames.map((p) => p.hasMore)).toEqual([...frames.slice(1).map(() => true), false]);
    const seqs = frames.map((p) => Number(p.cursor.split('.')[0]));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(frames[0]!.scopes).toBeTruthy();
    // The tablet holds what one page would have brought, at the same cursor.
    const onePage = JSON.parse(await t.store.sync.pullJson(actorOf(s), '', 1000)) as PullResponse;
    expect(frames.flatMap((p) => p.changes)).toEqual(onePage.changes);
    expect((await s.db.syncState.get(s.studentId))?.cursor).toBe(onePage.cursor);
    expect((await s.db.lessons.toArray()).map((l) => l.id).sort()).toEqual([...s.ids].sort());
  });

  it('an answer cut after some frames: those frames stay stored with their cursor, and the next cycle resumes from it', async () => {
    const s = await freshTablet(12);
    t.store.sync.frameBytes = 1500;
    const { f, kept } = cuttingFetch(2);
    const cut = await engine(s.db, f).runCycle();
    expect(cut.ok).toBe(false);
    expect(cut.error?.code).toBe('offline');
    // Stored: exactly the two whole frames, and the cursor of the second.
    expect(kept).toHaveLength(2);
    const lessonsKept = kept.flatMap((p) => p.changes).filter((c) => c.entity === 'lesson').map((c) => c.id);
    expect(lessonsKept.length).toBeGreaterThan(0);
    expect((await s.db.lessons.toArray()).map((l) => l.id).sort()).toEqual([...lessonsKept].sort());
    expect((await s.db.syncState.get(s.studentId))?.cursor).toBe(kept[1]!.cursor);
    // The next cycle asks from that cursor and brings the rest.
    const { f: watch, answers } = watchingFetch();
    const calls: string[] = [];
    const again = await engine(s.db, (input, init) => { calls.push(String(input)); return watch(input, init); }).runCycle();
    expect(again.ok).toBe(true);
    expect(new URL(calls.find((c) => c.includes('/api/sync/pull'))!).searchParams.get('cursor')).toBe(kept[1]!.cursor);
    expect(answers[0]!.frames.flatMap((p) => p.changes).some((c) => lessonsKept.includes(c.id))).toBe(false);
    expect((await s.db.lessons.toArray()).map((l) => l.id).sort()).toEqual([...s.ids].sort());
  });

  it('storing a frame fails (the disk is full): the rest of the answer is not stored, the error says so, the frames before stay', async () => {
    const s = await freshTablet(12);
    t.store.sync.frameBytes = 1500;
    const { f, answers } = watchingFetch();
    const bulkPut = s.db.lessons.bulkPut.bind(s.db.lessons);
    let calls = 0;
    s.db.lessons.bulkPut = ((...a: Parameters<typeof bulkPut>) => {
      if (++calls === 2) return Promise.reject(new DOMException('The disk is full.', 'QuotaExceededError'));
      return bulkPut(...a);
    }) as typeof bulkPut;
    const out = await engine(s.db, f).runCycle();
    expect(out.ok).toBe(false);
    expect(out.error?.code).toBe('storage_full');
    const first = answers[0]!.frames[0]!;
    expect((await s.db.syncState.get(s.studentId))?.cursor).toBe(first.cursor);
    expect((await s.db.lessons.toArray()).map((l) => l.id).sort()).toEqual(first.changes.filter((c) => c.entity === 'lesson').map((c) => c.id).sort());
  });

  it('a no-change pull stays one small JSON answer', async () => {
    const s = await freshTablet(3);
    t.store.sync.frameBytes = 100;
    expect((await engine(s.db).runCycle()).ok).toBe(true);
    const { f, answers } = watchingFetch();
    expect(await engine(s.db, f).runCycle()).toMatchObject({ ok: true, requests: 1, pulled: 0 });
    expect(answers[0]!.type).toMatch(/^application\/json/);
    expect(answers[0]!.frames).toHaveLength(1);
  });

  it('is compressed as the client allows — brotli, gzip or not at all — and each frame is whole', async () => {
    const s = await freshTablet(8);
    t.store.sync.frameBytes = 1500;
    for (const [accept, encoding] of [['br, gzip', 'br'], ['gzip', 'gzip'], ['identity', null]] as const) {
      const res = await fetch(`${url}/api/sync/pull?stream=1`, { headers: { authorization: `Bearer ${s.token}`, [DEVICE_HEADER]: s.device.deviceToken, 'accept-encoding': accept } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('content-type')).toMatch(new RegExp(`^${PULL_FRAMES_TYPE}`));
      const frames = (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l) as PullResponse);
      expect(frames.length).toBeGreaterThan(2);
      expect(frames.flatMap((p) => p.changes).filter((c) => c.entity === 'lesson').map((c) => c.id).sort()).toEqual([...s.ids].sort());
    }
  });

  it('a cursor no longer valid is refused before any frame (410), as a page would be', async () => {
    const s = await freshTablet(3);
    const res = await fetch(`${url}/api/sync/pull?stream=1&cursor=1.AAAAAAAA`, { headers: { authorization: `Bearer ${s.token}`, [DEVICE_HEADER]: s.device.deviceToken } });
    expect(res.status).toBe(410);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('cursor_expired');
  });

  it('the pupil joins a group between two frames: the stream stops there, and the next request gets cursor_expired', async () => {
    const s = await freshTablet(6);
    const group = createGroup(t.store, s.classId, []);
    const actor = actorOf(s);
    const frames = t.store.sync.pullFrames(actor, '', 1000, 500);
    const first = await frames.next();
    expect(first.done).toBe(false);
    expect(first.value!.hasMore).toBe(true);
    addToGroup(t.store, group, s.studentId);
    expect((await frames.next()).done).toBe(true);
    await expect(t.store.sync.pullJson(actor, first.value!.cursor, 1000)).rejects.toMatchObject({ code: 'cursor_expired' });
  });
});
