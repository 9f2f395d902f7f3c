/**
 * The sync status the student sees. The sync bridge (Comlink + the worker) is loaded
 * after the first render, outside the initial bundle; until its first status arrives (or if
 * it cannot start) the bar reads the tablet's own records (outbox, attachments waiting,
 * last sync, storage estimate), so it stays honest offline.
 */
import { useEffect, useState } from 'preact/hooks';
import { db } from '../../db/db-instance.ts';
import type { DeviceRow } from '../../db/schema.ts';
import type * as SyncBridge from '../../sync/sync-bridge.ts';
import type { SyncStatus } from '../../sync/sync-bridge.ts';
import { APP_VERSION } from '../../pwa/app-version.ts';
import { NOTHING_WAITING, waitingSummary } from '../../db/waiting-summary.ts';
import { whenFirstScreenShown } from '../common/first-screen.ts';
import { useLiveQuery } from '../common/use-live-query.ts';
import { toStatusView, UNAVAILABLE_STATUS, type StorageView, type SyncStatusView } from './sync-status-view.ts';

type Bridge = typeof SyncBridge;
let bridge: Promise<Bridge> | null = null;
let activeStudent: string | null = null;

/** Loads the bridge and starts the sync loop once (the tablet is enrolled). */
function startBridge(): Promise<Bridge> {
  bridge ??= import('../../sync/sync-bridge.ts').then(async (b) => {
    await b.setActiveStudent(activeStudent);
    // The uploader resolves URLs against it: an absolute origin, not ''.
    await b.startSync({ baseUrl: location.origin, appVersion: APP_VERSION });
    return b;
  });
  return bridge;
}

async function estimateStorage(): Promise<StorageView | null> {
  const est = await navigator.storage?.estimate?.().catch(() => null);
  return est && est.quota ? { usage: est.usage ?? 0, quota: est.quota } : null;
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    addEventListener('online', up);
    addEventListener('offline', down);
    return () => {
      removeEventListener('online', up);
      removeEventListener('offline', down);
    };
  }, []);
  return online;
}

/** Status for the sync bar and the storage panel (of `studentId`, or the tablet); starts sync once the tablet is enrolled. */
export function useSyncStatus(device: DeviceRow | null, studentId: string | null): SyncStatusView {
  const online = useOnline();
  const [engine, setEngine] = useState<SyncStatus | null>(null);
  const enrolled = !!device;
  useEffect(() => {
    if (!enrolled) return;
    let off: (() => void) | null = null;
    let live = true;
    // After the first screen shows: the sync worker and Comlink are not needed to show it.
    whenFirstScreenShown().then(startBridge).then(
      (b) => {
        if (live) off = b.subscribeSyncStatus((s) => setEngine(s));
      },
      (err: unknown) => console.error('sync bridge failed to start', err),
    );
    return () => {
      live = false;
      off?.();
    };
  }, [enrolled]);

  // Until the worker's first status: the same reading it makes (one definition: waiting-summary.ts).
  const local = useLiveQuery(async () => {
    const [waiting, state] = await Promise.all([waitingSummary(db, studentId ?? undefined), db.syncState.get(studentId ?? '*')]);
    return { waiting, lastSyncAt: state?.lastSyncAt ?? null };
  }, [studentId]);
  const [storage, setStorage] = useState<StorageView | null>(null);
  useEffect(() => {
    void estimateStorage().then(setStorage);
  }, [local]);

  if (!device) return UNAVAILABLE_STATUS;
  if (engine) return toStatusView(engine, storage);
  return {
    state: online ? 'idle' : 'offline',
    progress: null,
    lastSyncAt: local?.lastSyncAt ?? null,
    waiting: local?.waiting ?? NOTHING_WAITING,
    lastError: null,
    storage,
  };
}

/** Tells the sync engine which student is signed in (null: nobody). */
export function syncActiveStudent(studentId: string | null): void {
  activeStudent = studentId;
  if (bridge) void bridge.then((b) => b.setActiveStudent(studentId));
}

/** Syncs now: the student's "Synchroniser" button, or work just handed in. */
export function requestSync(reason: 'button' | 'local-change' = 'button'): void {
  void startBridge().then((b) => b.syncNow(reason));
}

/** A local save happened: the engine updates "waiting" at once and sends it when it can. */
export function notifyLocalChange(): void {
  if (bridge) void bridge.then((b) => b.notifyLocalChange());
}
