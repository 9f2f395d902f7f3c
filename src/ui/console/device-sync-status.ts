/**
 * "Tout est synchronisé": can the class's tablets go home? Every enrolled (not revoked)
 * tablet must have synced recently and reported nothing waiting (items nor bytes).
 * Pure: tested in tests/unit/console/device-sync-status.test.ts.
 */
import type { Device } from '../../protocol/entities.ts';

/** A sync older than this is not "recent" for the going-home check. */
export const RECENT_SYNC_MS = 30 * 60_000;

export type DeviceSyncState = 'synced' | 'waiting' | 'stale' | 'never';

/** The state of one tablet at `now`. */
export function deviceSyncState(d: Device, now: Date, recentMs = RECENT_SYNC_MS): DeviceSyncState {
  if (!d.lastSyncAt) return 'never';
  if ((d.pendingCount ?? 0) > 0 || (d.pendingBytes ?? 0) > 0) return 'waiting';
  if (now.getTime() - Date.parse(d.lastSyncAt) > recentMs) return 'stale';
  return 'synced';
}

/** The class-level signal: all live tablets synced, and which ones are not. */
export function classSyncSummary(devices: readonly Device[], now: Date, recentMs = RECENT_SYNC_MS) {
  const live = devices.filter((d) => !d.revokedAt);
  const notSynced = live.filter((d) => deviceSyncState(d, now, recentMs) !== 'synced');
  return { allSynced: live.length > 0 && notSynced.length === 0, live: live.length, notSynced };
}
