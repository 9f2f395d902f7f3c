import type { SyncStatus } from '../../sync/page/sync-bridge.ts';
import type { SyncErrorCode } from '../../sync/sync-status.ts';
import { NOTHING_WAITING, type WaitingSummary } from '../../db/waiting-summary.ts';

/**
 * What the student UI shows about sync and storage, whatever the sync engine's internal
 * status looks like (use-sync-status.ts adapts the engine's status to this). Errors stay
 * codes here; the bar words them, calmly unless the pupil must act.
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
  waiting: WaitingSummary;
  /** The last error's code (worded by the sync bar). */
  lastError: SyncErrorCode | null;
  storage: StorageView | null;
}

export const UNAVAILABLE_STATUS: SyncStatusView = {
  state: 'unavailable',
  progress: null,
  lastSyncAt: null,
  waiting: NOTHING_WAITING,
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

/** The engine's status as the bar shows it. Pure. */
export function toStatusView(s: SyncStatus, fallbackStorage: StorageView | null): SyncStatusView {
  const p = s.progress;
  const storage = s.storage?.usage != null && s.storage.quota ? { usage: s.storage.usage, quota: s.storage.quota } : fallbackStorage;
  return {
    state: s.state,
    progress: p && p.total > 0 ? Math.min(1, p.done / p.total) : null,
    lastSyncAt: s.lastSyncAt,
    waiting: s.waiting,
    lastError: s.lastError?.code ?? null,
    storage,
  };
}
