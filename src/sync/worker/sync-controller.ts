/**
 * The sync loop's owner (worker side, PROXX style: the worker owns the state, the page
 * subscribes). It decides WHEN to sync — app start, `online`, the service worker's `sync`
 * event, the "Synchroniser" button, and a timer: periodic when healthy, exponential backoff
 * with jitter after failures; while offline each timer tick first probes /api/health
 * (navigator.onLine is not trusted) — runs one cycle at a time under the device-wide lock,
 * and publishes the status after every step.
 */
import type { CartableDb } from '../../db/schema.ts';
import { waitingSummary } from '../../db/sync-repository.ts';
import { SyncEngine, type SyncEngineOptions } from './sync-engine.ts';
import { createSyncLock, type SyncLock } from './sync-lock.ts';
import { nextDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { probeServer } from './reachability.ts';
import { INITIAL_STATUS, type SyncStatus } from '../sync-status.ts';

/** A saved answer goes out this long after the last keystroke (when the server is reachable). */
export const LOCAL_CHANGE_DELAY_MS = 5_000;

export type WakeReason = 'start' | 'online' | 'timer' | 'service-worker' | 'button' | 'sign-in' | 'local-change';

export interface SyncControllerOptions extends Omit<SyncEngineOptions, 'db'> {
  db: CartableDb;
  lock?: SyncLock;
  backoff?: BackoffOptions;
  /** Set false in tests that drive cycles by hand. */
  timers?: boolean;
  /**
   * Runs after a successful cycle that pulled something (and after the first one): the
   * worker warms the lesson-media cache here (warm-lesson-media.ts). Its failure is not the sync's.
   */
  afterPull?: () => Promise<unknown>;
}

export class SyncController {
  private status: SyncStatus = { ...INITIAL_STATUS };
  private readonly listeners = new Set<(s: SyncStatus) => void>();
  private readonly engine: SyncEngine;
  private readonly lock: SyncLock;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  /** A local save arrived while a cycle ran (it may have read the outbox before the save). */
  private savedDuringCycle = false;
  private stopped = false;
  private lockBusy = false;
  private warmed = false;

  constructor(private readonly o: SyncControllerOptions) {
    this.engine = new SyncEngine(o);
    this.lock = o.lock ?? createSyncLock();
  }

  /** Subscribes to status changes (called at once with the current status). */
  subscribe(cb: (s: SyncStatus) => void): () => void {
    this.listeners.add(cb);
    cb(this.status);
    return () => this.listeners.delete(cb);
  }

  getStatus(): SyncStatus {
    return this.status;
  }

  private publish(patch: Partial<SyncStatus>) {
    this.status = { ...this.status, ...patch };
    for (const cb of this.listeners) cb(this.status);
  }

  async setActiveStudent(studentId: string | null) {
    this.publish({ activeStudentId: studentId });
    await this.refreshWaiting();
  }

  setStorage(storage: SyncStatus['storage']) {
    this.publish({ storage });
  }

  /** Recomputes "items and bytes waiting", the last sync time for the active student, and the storage estimate. */
  async refreshWaiting() {
    const id = this.status.activeStudentId;
    const waiting = await waitingSummary(this.o.db, id ?? undefined);
    const lastSyncAt = (await this.o.db.syncState.get(id ?? '*'))?.lastSyncAt ?? null;
    this.publish({ waiting, lastSyncAt, storage: await this.freshStorage() });
  }

  /** The storage status with a new estimate (photos fill the tablet after sign-in; the panel must follow). */
  private async freshStorage(): Promise<SyncStatus['storage']> {
    const current = this.status.storage;
    if (!current || !this.o.estimate) return current;
    const e = await this.o.estimate().catch(() => null);
    return e ? { ...current, usage: e.usage ?? current.usage, quota: e.quota ?? current.quota } : current;
  }

  /** Asks for a sync now; concurrent requests coalesce into at most one more cycle. */
  syncNow(reason: WakeReason): Promise<void> {
    if (this.running) {
      if (reason !== 'timer') this.again = true;
      return this.running;
    }
    this.running = this.loop(reason).finally(() => { this.running = null; });
    return this.running;
  }

  private async loop(reason: WakeReason) {
    let r: WakeReason = reason;
    do {
      this.again = false;
      this.savedDuringCycle = false;
      await this.once(r);
      r = 'local-change';
      // A save made during a healthy cycle goes out now, not at the next periodic check
      // (2 minutes); after a failure the backoff timer decides, as for any save.
    } while ((this.again || (this.savedDuringCycle && this.failures === 0)) && !this.stopped);
    this.schedule();
  }

  private async once(reason: WakeReason) {
    if (this.status.state === 'offline' && reason === 'timer') {
      if (!(await probeServer(this.o.baseUrl, this.o.fetch))) {
        this.failures++;
        return;
      }
    }
    const ran = await this.lock.tryRun(async () => {
      this.publish({ state: 'syncing', progress: { items: 0, bytes: 0, done: 0, total: 0 } });
      const outcome = await this.engine.runCycle((p) => this.publish({ progress: p }));
      this.failures = outcome.ok || outcome.error?.code === 'session_expired' ? 0 : this.failures + 1;
      const state = outcome.ok ? 'idle' : outcome.error?.code === 'offline' ? 'offline' : outcome.error?.code === 'session_expired' ? 'idle' : 'error';
      this.publish({ state, progress: null, lastError: outcome.error ?? (outcome.ok ? null : this.status.lastError) });
      return outcome;
    });
    if (ran?.ok && this.o.afterPull && (ran.pulled > 0 || !this.warmed)) {
      this.warmed = true;
      await this.o.afterPull().catch(() => undefined);
    }
    // Another tab's worker holds the lock and is syncing the same database: look again shortly.
    this.lockBusy = ran === null;
    if (this.lockBusy) this.again = this.savedDuringCycle = false;
    await this.refreshWaiting().catch(() => undefined);
  }

  private schedule() {
    if (this.stopped || this.o.timers === false) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = this.lockBusy ? 3_000 : nextDelay(this.failures, this.o.backoff ?? DEFAULT_BACKOFF);
    this.publish({ nextAttemptAt: new Date(Date.now() + delay).toISOString() });
    this.timer = setTimeout(() => void this.syncNow('timer'), delay);
  }

  /**
   * A local save happened: sync within `delayMs` (debounced; typing does not sync per
   * keystroke). During a cycle, the save may have missed its push: one more cycle follows.
   */
  soon(delayMs = LOCAL_CHANGE_DELAY_MS) {
    if (this.stopped) return;
    if (this.running) {
      this.savedDuringCycle = true; // one more cycle right after this one
      return;
    }
    if (this.o.timers === false) return;
    const due = Date.now() + delayMs;
    const planned = this.status.nextAttemptAt ? Date.parse(this.status.nextAttemptAt) : Infinity;
    if (planned <= due && this.failures > 0) return; // backing off: the server is away anyway
    if (this.timer) clearTimeout(this.timer);
    this.publish({ nextAttemptAt: new Date(due).toISOString() });
    this.timer = setTimeout(() => void this.syncNow('local-change'), delayMs);
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
