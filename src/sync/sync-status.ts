/**
 * The sync status the UI shows (honest status, invariant 7): what is happening, how far the
 * current sync is, when the last one succeeded, what is still waiting, the last error as a
 * stable code (the page words it in the pupil's language), and the storage situation.
 */
import type { WaitingSummary } from '../db/waiting-summary.ts';
export type SyncState = 'idle' | 'syncing' | 'offline' | 'error';

export type SyncErrorCode =
  | 'offline'
  | 'server_error'
  | 'session_expired'
  | 'device_revoked'
  | 'device_lost'
  | 'not_enrolled'
  | 'storage_full'
  | 'storage_error'
  | 'refused'
  /** The school server speaks an older protocol than this build can sync with: nothing is sent until it is updated. */
  | 'server_outdated'
  /** The school server no longer speaks this build's protocol: nothing is sent until the tablet updates. */
  | 'app_outdated'
  | 'unknown';

export interface SyncError {
  code: SyncErrorCode;
  at: string;
}

export interface SyncStatus {
  state: SyncState;
  /** The current sync's progress (null when none runs). */
  progress: { items: number; bytes: number; done: number; total: number } | null;
  /** Last fully successful sync of the active student (or of the device). */
  lastSyncAt: string | null;
  /** Still to send: the active student's (or the device's, when nobody is signed in). */
  waiting: WaitingSummary;
  lastError: SyncError | null;
  storage: { usage: number | null; quota: number | null; persisted: boolean | null } | null;
  /** When the next automatic attempt is planned. */
  nextAttemptAt: string | null;
  activeStudentId: string | null;
}

export const INITIAL_STATUS: SyncStatus = {
  state: 'idle', progress: null, lastSyncAt: null, waiting: { items: 0, bytes: 0, works: 0 }, lastError: null, storage: null, nextAttemptAt: null, activeStudentId: null,
};

/** The pupil must do something (sign in again, tell the teacher, free space): shown in red. Everything else is normal life offline. */
export const PUPIL_MUST_ACT: ReadonlySet<SyncErrorCode> = new Set(['session_expired', 'device_revoked', 'device_lost', 'not_enrolled', 'storage_full']);

export const syncError = (code: SyncErrorCode, at = new Date().toISOString()): SyncError => ({ code, at });
