/**
 * The page's one sync layer (Squoosh style: UI code never touches Comlink). It owns the
 * worker's lifecycle — started lazily, the loop started once — forwards the page-only
 * wake-ups (`online`, the service worker's 'sync-requested' message, the tab becoming
 * visible again), asks for persistent storage after sign-in (persist() exists only on the
 * page), and relays the worker's status — the one source of truth for what is waiting,
 * computed in the worker (db/waiting-summary.ts) for the signed-in pupil — through a proxied
 * callback. The UI hook (ui/sync/use-sync-status.ts) keeps no state of its own.
 */
import { proxy, wrap, type Remote } from 'comlink';
import type { SyncWorkerApi } from '../../../workers/sync.worker.ts';
import type { SyncStatus } from '../sync-status.ts';
import type { WakeReason } from '../worker/sync-controller.ts';
import type { StartSyncConfig } from '../worker/sync-worker-api.ts';
// The Background Sync tag the page registers; the service worker answers its `sync` event with 'sync-requested'.
import { SYNC_TAG as BACKGROUND_SYNC_TAG } from '../../pwa/pwa-messages.ts';

export type { SyncStatus, WakeReason, StartSyncConfig };

let remote: Remote<SyncWorkerApi> | null = null;
let started: Promise<void> | null = null;
/** Who is signed in, remembered before the worker starts (an unenrolled tablet starts none). */
let activeStudent: string | null = null;

function api(): Remote<SyncWorkerApi> {
  if (!remote) {
    const worker = new Worker(new URL('../../../workers/sync.worker.ts', import.meta.url), { type: 'module', name: 'cartable-sync' });
    remote = wrap<SyncWorkerApi>(worker);
    installWakeUps();
  }
  return remote;
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
  started ??= (async () => {
    await tellActiveStudent();
    await api().startSync(config);
    void registerBackgroundSync();
  })();
  return started;
}

/** Syncs now ("Synchroniser" button by default). Resolves with the status after the sync. */
export async function syncNow(reason: WakeReason = 'button'): Promise<SyncStatus | null> {
  return api().syncNow(reason);
}

/** Calls `cb` with the status now and at every change. Returns the unsubscribe function. */
export function subscribeSyncStatus(cb: (s: SyncStatus) => void): () => void {
  const id = api().subscribe(proxy(cb));
  return () => void id.then((n) => api().unsubscribe(n));
}

/** The student now using the tablet (null: back to the sign-in screen). Reaches the worker once it runs. */
export async function setActiveStudent(studentId: string | null): Promise<void> {
  activeStudent = studentId;
  if (remote) await tellActiveStudent();
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
