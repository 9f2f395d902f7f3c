import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/test-app.ts';
import { useSyncServer } from '../../helpers/sync-server.ts';
import { createClass, createStudent, enrolDevice, makeTablet, openSession, publishAssignment, type School } from '../../helpers/sync-fixtures.ts';
import { SyncController } from '../../../src/sync/worker/sync-controller.ts';
import { nextDelay } from '../../../src/sync/worker/backoff.ts';
import { createSyncLock } from '../../../src/sync/worker/sync-lock.ts';
import { seededRandom } from '../../helpers/fault-proxy.ts';
import { saveAnswer } from '../../../src/db/work-repository.ts';
import type { SyncStatus } from '../../../src/sync/sync-status.ts';
import { createSyncWorkerApi } from '../../../src/sync/worker/sync-worker-api.ts';

let t: TestApp;
let url: string;
let school: School;
useSyncServer((started) => ({ t, url, school } = started));

async function tablet() {
  const classId = createClass(t.store, school);
  const studentId = createStudent(t.store, school, classId);
  const assignmentId = publishAssignment(t.store, school, { classId });
  const device = enrolDevice(t.store, school, classId);
  const db = await makeTablet(device, school, [{ studentId, classId, token: openSession(t.store, studentId, device.deviceId) }]);
  return { db, studentId, assignmentId };
}

describe('backoff', () => {
  it('grows exponentially after failures, with full jitter, capped; healthy checks are periodic ±20 %', () => {
    const o = { baseMs: 1000, maxMs: 60_000, periodMs: 100_000 };
    for (let f = 1; f <= 12; f++) {
      const step = Math.min(60_000, 1000 * 2 ** (f - 1));
      expect(nextDelay(f, { ...o, random: () => 0 })).toBe(step / 2);
      expect(nextDelay(f, { ...o, random: () => 0.999999 })).toBeCloseTo(step, -1);
    }
    expect(nextDelay(0, { ...o, random: () => 0 })).toBe(80_000);
    expect(nextDelay(0, { ...o, random: () => 1 })).toBe(120_000);
  });

  it('15 tablets failing together do not retry in lock-step', () => {
    const delays = Array.from({ length: 15 }, (_, i) => nextDelay(4, { baseMs: 5000, maxMs: 300_000, periodMs: 120_000, random: seededRandom(i + 1) }));
    expect(new Set(delays).size).toBe(15);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(5000);
  });
});

describe('sync lock', () => {
  it('runs one sync at a time (in-process fallback without Web Locks)', async () => {
    const lock = createSyncLock(null);
    let release!: () => void;
    const first = lock.tryRun(() => new Promise<string>((r) => { release = () => r('first'); }));
    expect(await lock.tryRun(async () => 'second')).toBeNull();
    release();
    expect(await first).toBe('first');
    expect(await lock.tryRun(async () => 'third')).toBe('third');
  });

  it('uses navigator.locks with ifAvailable when present', async () => {
    const calls: unknown[] = [];
    const locks = { request: <T>(name: string, opts: { ifAvailable: true }, cb: (l: unknown) => Promise<T>) => { calls.push([name, opts]); return cb(null); } };
    expect(await createSyncLock(locks).tryRun(async () => 'ran')).toBeNull();
    expect(calls).toEqual([['cartable-sync', { ifAvailable: true }]]);
  });
});

describe('sync controller (worker-side loop)', () => {
  it('publishes syncing → idle, last sync, and the items and bytes waiting', async () => {
    const s = await tablet();
    const c = new SyncController({ db: s.db, baseUrl: url, appVersion: 'test', uploader: null, timers: false });
    const seen: SyncStatus[] = [];
    c.subscribe((st) => seen.push(st));
    await c.setActiveStudent(s.studentId);
    await c.syncNow('start');
    await saveAnswer(s.db, s.studentId, (await s.db.assignments.get(s.assignmentId))!, { questionId: 'q1', text: 'en attente' });
    await c.refreshWaiting();
    expect(c.getStatus().waiting.items).toBe(1);
    expect(c.getStatus().waiting.bytes).toBeGreaterThan(20);
    await c.syncNow('button');
    const last = c.getStatus();
    expect(last).toMatchObject({ state: 'idle', lastError: null, waiting: { items: 0, bytes: 0 }, progress: null });
    expect(last.lastSyncAt).toBeTruthy();
    expect(seen.some((x) => x.state === 'syncing' && x.progress)).toBe(true);
  });

  it('keeps the storage estimate fresh after each cycle and local save (once the page said whether storage is persisted)', async () => {
    const s = await tablet();
    let usage = 1_000_000;
    const c = new SyncController({ db: s.db, baseUrl: url, appVersion: 'test', uploader: null, timers: false, estimate: async () => ({ usage, quota: 10_000_000 }) });
    await c.syncNow('start');
    expect(c.getStatus().storage).toBeNull(); // nobody signed in: the page has not asked persist() yet
    c.setStorage({ usage, quota: 10_000_000, persisted: true });
    usage = 4_000_000; // a photo was taken
    await c.refreshWaiting();
    expect(c.getStatus().storage).toEqual({ usage: 4_000_000, quota: 10_000_000, persisted: true });
    usage = 2_500_000; // it was sent and the browser compacted
    await c.syncNow('button');
    expect(c.getStatus().storage).toEqual({ usage: 2_500_000, quota: 10_000_000, persisted: true });
  });

  it('offline: says so in plain words; timer wake-ups probe /api/health first, then sync when the server is back', async () => {
    const s = await tablet();
    let up = false;
    const calls: string[] = [];
    const f: typeof fetch = async (input, init) => {
      calls.push(String(input).replace(url, ''));
      if (!up) throw new TypeError('fetch failed');
      return fetch(input, init);
    };
    const c = new SyncController({ db: s.db, baseUrl: url, appVersion: 'test', fetch: f, uploader: null, timers: false });
    await c.syncNow('start');
    expect(c.getStatus()).toMatchObject({ state: 'offline', lastError: { code: 'offline', at: expect.any(String) } });
    calls.length = 0;
    await c.syncNow('timer');
    expect(calls).toEqual(['/api/health']);
    up = true;
    calls.length = 0;
    await c.syncNow('timer');
    expect(calls[0]).toBe('/api/health');
    expect(calls.some((x) => x.startsWith('/api/sync/pull'))).toBe(true);
    expect(c.getStatus()).toMatchObject({ state: 'idle', lastError: null });
  });

  it('coalesces wake-ups that arrive during a sync into one more cycle', async () => {
    const s = await tablet();
    let pulls = 0;
    const f: typeof fetch = (input, init) => { if (String(input).includes('/pull')) pulls++; return fetch(input, init); };
    const c = new SyncController({ db: s.db, baseUrl: url, appVersion: 'test', fetch: f, uploader: null, timers: false });
    await Promise.all([c.syncNow('start'), c.syncNow('online'), c.syncNow('button'), c.syncNow('service-worker')]);
    expect(pulls).toBe(2);
  });

  it('a save made while a cycle runs goes out right after it, not at the next periodic check', async () => {
    const s = await tablet();
    let armed = false;
    let savedDuringPull = false;
    const f: typeof fetch = async (input, init) => {
      // The pupil types while the tablet pulls: this cycle has already pushed.
      if (armed && String(input).includes('/api/sync/pull') && !savedDuringPull) {
        savedDuringPull = true;
        const assignment = (await s.db.assignments.get(s.assignmentId))!;
        const r = await saveAnswer(s.db, s.studentId, assignment, { questionId: 'q1', text: 'tapé pendant la synchro' });
        expect(r.ok).toBe(true);
        c.soon();
      }
      return fetch(input, init);
    };
    const c = new SyncController({ db: s.db, baseUrl: url, appVersion: 'test', fetch: f, uploader: null });
    await c.setActiveStudent(s.studentId);
    try {
      await c.syncNow('start'); // the assignment reaches the tablet
      armed = true;
      await c.syncNow('button');
      expect(savedDuringPull).toBe(true);
      expect(c.getStatus()).toMatchObject({ state: 'idle', waiting: { items: 0, works: 0 } });
      const stored = t.store.db.prepare(
        'SELECT r.answers_json FROM submission_revisions r JOIN submissions s ON s.latest_revision_id = r.id WHERE s.student_id = ?',
      ).pluck().get(s.studentId) as string | undefined;
      expect(stored).toContain('tapé pendant la synchro');
    } finally {
      c.stop();
    }
  });

  it('a save during a cycle that fails offline waits for the backoff (no immediate retry)', async () => {
    const s = await tablet();
    let calls = 0;
    const f: typeof fetch = async () => {
      calls++;
      c.soon();
      throw new TypeError('fetch failed');
    };
    const c = new SyncController({ db: s.db, baseUrl: url, appVersion: 'test', fetch: f, uploader: null });
    try {
      await c.syncNow('start');
      expect(c.getStatus().state).toBe('offline');
      expect(calls).toBe(1);
      expect(Date.parse(c.getStatus().nextAttemptAt!)).toBeGreaterThan(Date.now());
    } finally {
      c.stop();
    }
  });

  it('schedules the next attempt (timers on) and the worker API relays status to subscribers', async () => {
    const s = await tablet();
    const api = createSyncWorkerApi(s.db, { timers: true });
    const seen: SyncStatus[] = [];
    const id = api.subscribe((st) => seen.push(st));
    await api.setActiveStudent(s.studentId);
    await api.startSync({ baseUrl: url, appVersion: 'test' });
    const status = await api.syncNow('button');
    expect(status?.state).toBe('idle');
    expect(status?.nextAttemptAt).toBeTruthy();
    expect(Date.parse(status!.nextAttemptAt!) - Date.now()).toBeGreaterThan(60_000);
    expect(seen.at(-1)?.activeStudentId).toBe(s.studentId);
    api.unsubscribe(id);
    const n = seen.length;
    await api.syncNow('button');
    expect(seen.length).toBe(n);
    api.stopSync();
  });
});
