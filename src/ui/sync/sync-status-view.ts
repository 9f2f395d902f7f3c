/**
 * What the student UI shows about sync and storage, whatever the sync engine's internal
 * status looks like (use-sync-status.ts adapts the engine's status to this).
 */
export interface StorageView {
  usage: number;
  quota: number;
}

export interface SyncStatusView {
  /** idle | syncing | offline | error; 'unavailable' while the engine is not started. */
  state: 'idle' | 'syncing' | 'offline' | 'error' | 'unavailable';
  /** 0..1 while syncing, when known. */
  progress: number | null;
  lastSyncAt: string | null;
  waiting: { items: number; bytes: number };
  /** The last error, already in plain words. */
  lastError: string | null;
  storage: StorageView | null;
}

export const UNAVAILABLE_STATUS: SyncStatusView = {
  state: 'unavailable',
  progress: null,
  lastSyncAt: null,
  waiting: { items: 0, bytes: 0 },
  lastError: null,
  storage: null,
};

/** Warn when the tablet is this full (photos and recordings wait here until sent). */
export const STORAGE_WARNING_RATIO = 0.85;

/** 'ok' | 'warning' (close to full) | 'unknown'. Pure. */
export function storageLevel(storage: StorageView | null): 'ok' | 'warning' | 'unknown' {
  if (!storage || storage.quota <= 0) return 'unknown';
  return storage.usage / storage.quota >= STORAGE_WARNING_RATIO ? 'warning' : 'ok';
}
