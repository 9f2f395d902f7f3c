/**
 * The page's one sync layer (Squoosh style: UI code never touches Comlink). It owns the
 * worker's lifecycle — started lazily, the loop started once — forwards the page-only
 * wake-ups (`online`, the service worker's 'sync-requested' message, the tab becoming
 * visible again), asks for persistent storage after sign-in (persist() exists only on the
 * page), and relays the worker's status — the one source of truth for what is waiting,
 * computed in the worker (db/waiting-summary.ts) for the signed-in pupil — through a proxied
 * callback. The UI hook (ui/sync/use-sync-status.ts) keeps no state of its own.
 */
import { proxy, type Remote } from 'comlink';
import { SupervisedWorker } from '../../bridge/supervised-worker.ts';
import type { SyncWorkerApi } from '../../../workers/sync.worker.ts';
import type { SyncStatus } from '../sync-status.ts';
import type { WakeReason } from '../worker/sync-controller.ts';
import type { StartSyncConfig } from '../worker/sync-worker-api.ts';
// The Background Sync tag the page registers; the service worker answers its `sync` event with 'sync-requested'.
import { SYNC_TAG as BACKGROUND_SYNC_TAG } from '../../pwa/pwa-messages.ts';

export type { SyncStatus, WakeReason, StartSyncConfig };

/** Resolves once the loop runs in a worker (a replacement worker's, if the first one failed). */
let started: Promise<void> | null = null;
let markStarted: (() => void) | null = null;
/** Who is signed in, remembered before the worker starts (an unenrolled tablet starts none). */
let activeStudent: string | null = null;
/** The loop's config once started: a new worker (after one that failed) starts it again. */
let startConfig: StartSyncConfig | null = null;
/** The page's status subscribers, subscribed again in a new worker. */
const subscribers = new Map<(s: SyncStatus) => void, Promise<number>>();
let wakeUpsInstalled = false;
/** A worker that failed is replaced after this long (not at once: its script may fail again). */
export const WORKER_RETRY_MS = 3_000;

// A worker whose script did not load (the hotspot cut it on a first visit, before the offline
// copy exists; found by test:faults) answers nothing, ever: every call to it would wait forever
// and the tablet would not sync until reloaded. It is replaced by a new one, which takes the
// status subscribers and the loop over (bridge/supervised-worker.ts).
const worker = new SupervisedWorker<SyncWorkerApi>(
  () => new Worker(new URL('../../../workers/sync.worker.ts', import.meta.url), { type: 'module', name: 'cartable-sync' }),
  {
    retryMs: WORKER_RETRY_MS,
    onReplaced: (next) => {
      for (const cb of subscribers.keys()) subscribers.set(cb, next.subscribe(proxy(cb)));
      if (startConfig) void launch(startConfig);
    },
  },
);

function api(): Remote<SyncWorkerApi> {
  if (!wakeUpsInstalled) {
    wakeUpsInstalled = true;
    installWakeUps();
  }
  return worker.remote;
}

function installWakeUps() {
  addEventListener('online', () => void syncNow('online'));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void syncNow('start');
  });
  navigator.serviceWorker?.addEventListener('message', (e: MessageEvent) => {
    if ((e.data as { type?: string } | null)?.type === 'sync-requested') void syncNow('service-worker');
  });
}

/** Starts the sync loop; later calls return the first one's promise (the loop starts once). */
export function startSync(config: StartSyncConfig): Promise<void> {
  startConfig = config;
  if (!started) {
    started = new Promise((resolve) => (markStarted = resolve));
    void launch(config);
  }
  return started;
}

/** Starts the loop in the current worker (again in a replacement one). */
async function launch(config: StartSyncConfig) {
  await tellActiveStudent();
  await api().startSync(config);
  markStarted?.();
  void registerBackgroundSync();
}

/** Syncs now ("Synchroniser" button by default). Resolves with the status after the sync. */
export async function syncNow(reason: WakeReason = 'button'): Promise<SyncStatus | null> {
  api();
  return worker.run((r) => r.syncNow(reason)); // asked again of a new worker if this one never loaded
}

/** Calls `cb` with the status now and at every change. Returns the unsubscribe function. */
export function subscribeSyncStatus(cb: (s: SyncStatus) => void): () => void {
  subscribers.set(cb, api().subscribe(proxy(cb)));
  return () => {
    const id = subscribers.get(cb);
    subscribers.delete(cb);
    void id?.then((n) => api().unsubscribe(n));
  };
}

/** The student now using the tablet (null: back to the sign-in screen). Reaches the worker once it runs. */
export async function setActiveStudent(studentId: string | null): Promise<void> {
  activeStudent = studentId;
  if (worker.running) await tellActiveStudent();
}

async function tellActiveStudent() {
  const studentId = activeStudent;
  await api().setActiveStudent(studentId);
  if (studentId) {
    const persisted = await navigator.storage?.persist?.().catch(() => null);
    await api().setStoragePersisted(persisted ?? null);
  }
}

/** Tell the worker a local save happened (updates "waiting" at once; the loop sends it). */
export function notifyLocalChange(): void {
  void api().localChange();
  void registerBackgroundSync();
}

async function registerBackgroundSync() {
  try {
    const reg = (await navigator.serviceWorker?.ready) as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined;
    await reg?.sync?.register(BACKGROUND_SYNC_TAG);
  } catch {
    // No Background Sync here (Firefox, Safari): the timer and `online` cover it.
  }
}
