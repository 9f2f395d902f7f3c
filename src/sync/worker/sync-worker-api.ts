/**
 * The API the sync worker exposes (workers/sync.worker.ts does `expose(createSyncWorkerApi())`).
 * Plain data in, plain data out; status goes to the page through a Comlink-proxied callback.
 */
import type { CartableDb } from '../../db/schema.ts';
import { SyncController, type WakeReason } from './sync-controller.ts';
import { loadAttachmentUploader } from './attachment-uploads.ts';
import { warmLessonMediaForSessions } from './warm-lesson-media.ts';
import type { SyncStatus } from '../sync-status.ts';

export interface StartSyncConfig {
  /** '' = the school server that serves the app. */
  baseUrl: string;
  appVersion: string;
}

export function createSyncWorkerApi(db: CartableDb, deps: { fetch?: typeof fetch; timers?: boolean } = {}) {
  let controller: SyncController | null = null;
  let nextId = 1;
  const subscriptions = new Map<number, () => void>();
  const pendingSubscribers = new Map<number, (s: SyncStatus) => void>();
  let activeStudent: string | null = null;
  let storage: SyncStatus['storage'] = null;

  const estimate = async () => {
    const e = await (globalThis.navigator as Navigator | undefined)?.storage?.estimate?.();
    return e ? { usage: e.usage, quota: e.quota } : null;
  };

  return {
    /** Starts the loop (idempotent) and syncs at once. */
    async startSync(config: StartSyncConfig): Promise<void> {
      if (!controller) {
        controller = new SyncController({
          db, baseUrl: config.baseUrl, appVersion: config.appVersion, fetch: deps.fetch, timers: deps.timers, estimate,
          uploader: await loadAttachmentUploader(),
          // Lesson media into the offline cache after each pull (the page no longer does it).
          afterPull: () => warmLessonMediaForSessions(db, config.baseUrl, AbortSignal.timeout(120_000)),
        });
        for (const [id, cb] of pendingSubscribers) subscriptions.set(id, controller.subscribe(cb));
        pendingSubscribers.clear();
        await controller.setActiveStudent(activeStudent);
        if (storage) controller.setStorage(storage);
      }
      void controller.syncNow('start');
    },
    /** Syncs now (button, `online`, service worker `sync`, sign-in, local change). */
    async syncNow(reason: WakeReason): Promise<SyncStatus | null> {
      if (!controller) return null;
      await controller.syncNow(reason);
      return controller.getStatus();
    },
    /** The student using the tablet now (null: sign-in screen). */
    async setActiveStudent(studentId: string | null): Promise<void> {
      activeStudent = studentId;
      await controller?.setActiveStudent(studentId);
      if (studentId) void controller?.syncNow('sign-in');
    },
    /** The page asked navigator.storage.persist() (window-only); the worker reads estimate() itself. */
    async setStoragePersisted(persisted: boolean | null): Promise<void> {
      const e = await estimate().catch(() => null);
      storage = { usage: e?.usage ?? null, quota: e?.quota ?? null, persisted };
      controller?.setStorage(storage);
    },
    /** A local write happened: refresh "waiting" now, sync a few seconds after the last one. */
    async localChange(): Promise<void> {
      await controller?.refreshWaiting();
      controller?.soon();
    },
    /** Stops the timers (idle shutdown, tests). */
    stopSync(): void {
      controller?.stop();
    },
    /** `cb` must be a Comlink.proxy; returns an id for unsubscribe. */
    subscribe(cb: (s: SyncStatus) => void): number {
      const id = nextId++;
      if (controller) subscriptions.set(id, controller.subscribe(cb));
      else pendingSubscribers.set(id, cb);
      return id;
    },
    unsubscribe(id: number): void {
      subscriptions.get(id)?.();
      subscriptions.delete(id);
      pendingSubscribers.delete(id);
    },
  };
}

export type SyncWorkerApiShape = ReturnType<typeof createSyncWorkerApi>;
