/**
 * "Tout est synchronisé": can the class's tablets go home? Never said falsely (issue 19):
 * green only when EVERY tablet that may hold a pupil's work reported, within the contact
 * window, nothing waiting. A tablet's news is its last report (`lastSyncAt`); one not heard
 * from within the window (`TABLET_CONTACT_MINUTES`, 15 by default: a healthy tablet syncs
 * about every 2 min, every 5 min at worst while failing, so 15 is three missed chances) is
 * « pas de nouvelles depuis … » and keeps the screen from going green, as does one that never
 * reported. Which tablets count:
 * - the class's own, and the others its pupils use (`visiting`: a school-wide tablet or another
 *   class's where one of them holds a session or has work waiting) — for those, only the
 *   class's pupils' work counts as waiting (or work the report could not attribute);
 * - a withdrawn tablet still reporting work waiting (it is still on it), or not heard from
 *   since it was withdrawn (work done on it offline may be there: a refused tablet still
 *   reports) — unless no pupil ever signed in on it; one declared lost does not count.
 * Pure: tested in tests/unit/console/device-sync-status.test.ts.
 */
import type { Device } from '../../protocol/entities.ts';

/** The default contact window (the server's setting overrides it). */
export const RECENT_SYNC_MS = 15 * 60_000;

/** `unheard`: withdrawn, and silent since — what it holds is not known yet. */
export type DeviceSyncState = 'synced' | 'waiting' | 'stale' | 'never' | 'revoked' | 'unheard';

/** Whether the tablet reported work waiting (on a visiting tablet: the class's, or work it could not attribute). */
const waits = (d: Device) =>
  d.visiting ? d.visiting.works > 0 || d.visiting.unattributed : (d.pendingCount ?? 0) > 0 || (d.pendingBytes ?? 0) > 0;

/** The state of one tablet at `now`. */
export function deviceSyncState(d: Device, now: Date, recentMs = RECENT_SYNC_MS): DeviceSyncState {
  if (d.lostAt) return 'revoked';
  if (d.revokedAt) {
    if (waits(d)) return 'waiting';
    if (d.used === false) return 'revoked';
    const heardSince = d.lastSyncAt !== null && d.pendingCount !== null && Date.parse(d.lastSyncAt) >= Date.parse(d.revokedAt);
    return heardSince ? 'revoked' : 'unheard';
  }
  // Never reported (no sync yet, or an old app that never sent its report): nothing to vouch for.
  if (!d.lastSyncAt || d.pendingCount === null) return 'never';
  if (waits(d)) return 'waiting';
  if (now.getTime() - Date.parse(d.lastSyncAt) > recentMs) return 'stale';
  return 'synced';
}

/** The tablets the class signal speaks for: all but those withdrawn that are known to hold nothing, and lost ones. */
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

/**
 * Per pupil, the tablets that last reported some of their work waiting (any assignment: a report
 * counts works, it does not name them). The follow screen shows it beside a pupil whose hand-in
 * may be on a tablet — a withdrawn one, say — rather than let « Brouillon » pass for the truth.
 */
export function tabletsHoldingWork(devices: readonly Device[]): Map<string, { name: string; withdrawn: boolean }[]> {
  const out = new Map<string, { name: string; withdrawn: boolean }[]>();
  for (const d of devices) {
    if (d.lostAt) continue;
    for (const p of d.pendingStudents ?? []) {
      if (p.works > 0) out.set(p.studentId, [...(out.get(p.studentId) ?? []), { name: d.name, withdrawn: d.revokedAt !== null }]);
    }
  }
  return out;
}
