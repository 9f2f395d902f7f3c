/**
 * "Tout est synchronisé": can the class's tablets go home? Never said falsely (issue 19):
 * green only when EVERY tablet of the class reported, within the contact window, nothing
 * waiting. A tablet's news is its last sync (`lastSyncAt`: when its report was last
 * confirmed); one not heard from within the window (`TABLET_CONTACT_MINUTES`, 15 by default:
 * a healthy tablet syncs about every 2 min, every 5 min at worst while failing, so 15 is
 * three missed chances) is « pas de nouvelles depuis … » and keeps the screen from going
 * green, as does one that never reported. A withdrawn tablet counts too while it last
 * reported work waiting (that work is still on it); one declared lost does not.
 * Pure: tested in tests/unit/console/device-sync-status.test.ts.
 */
import type { Device } from '../../protocol/entities.ts';

/** The default contact window (the server's setting overrides it). */
export const RECENT_SYNC_MS = 15 * 60_000;

export type DeviceSyncState = 'synced' | 'waiting' | 'stale' | 'never' | 'revoked';

const waits = (d: Device) => (d.pendingCount ?? 0) > 0 || (d.pendingBytes ?? 0) > 0;

/** The state of one tablet at `now`. */
export function deviceSyncState(d: Device, now: Date, recentMs = RECENT_SYNC_MS): DeviceSyncState {
  if (d.lostAt) return 'revoked';
  if (d.revokedAt) return waits(d) ? 'waiting' : 'revoked';
  // Never reported (no sync yet, or an old app that never sent its report): nothing to vouch for.
  if (!d.lastSyncAt || d.pendingCount === null) return 'never';
  if (waits(d)) return 'waiting';
  if (now.getTime() - Date.parse(d.lastSyncAt) > recentMs) return 'stale';
  return 'synced';
}

/** The tablets the class signal speaks for: enrolled ones, and withdrawn ones still holding work. */
export function countedTablets(devices: readonly Device[], now: Date, recentMs = RECENT_SYNC_MS): Device[] {
  return devices.filter((d) => deviceSyncState(d, now, recentMs) !== 'revoked');
}

/** The class-level signal: all counted tablets synced, and which ones are not. */
export function classSyncSummary(devices: readonly Device[], now: Date, recentMs = RECENT_SYNC_MS) {
  const live = countedTablets(devices, now, recentMs);
  const notSynced = live.filter((d) => deviceSyncState(d, now, recentMs) !== 'synced');
  return { allSynced: live.length > 0 && notSynced.length === 0, live: live.length, notSynced };
}

/** How many pieces of work the tablet last reported waiting, and whose (names as « Hugo Bernard, Léa Martin »). */
export function waitingWorks(d: Device): { works: number; names: string } {
  const named = d.pendingStudents ?? [];
  return { works: named.reduce((n, p) => n + p.works, 0), names: named.map((p) => `${p.firstName} ${p.lastName}`).join(', ') };
}
