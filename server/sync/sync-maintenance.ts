/**
 * Tombstone retention. Deletions travel to the tablets as tombstones in the change log; once
 * every tablet has had time to sync, old ones only cost space. A tablet whose cursor is older
 * than the purge (lent for a long summer, say) gets 410 and resyncs its student from scratch —
 * its unsent work is untouched (it lives in the tablet's outbox, not in the cursor).
 * Default retention: 180 days, longer than any school holiday (SYNC_TOMBSTONE_DAYS overrides).
 */
import type { SyncService } from './sync-service.ts';
import { runAsLeader, type Leadership } from '../cluster/leadership.ts';

export const DEFAULT_TOMBSTONE_DAYS = 180;
const DAY_MS = 24 * 3600_000;

/** Retention in days from the environment (a positive integer), else the default. */
export function tombstoneDaysFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SYNC_TOMBSTONE_DAYS;
  if (raw === undefined || raw === '') return DEFAULT_TOMBSTONE_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new Error(`SYNC_TOMBSTONE_DAYS must be a whole number of days (1..3650), got "${raw}"`);
  return days;
}

/** Purges tombstones older than `days` before `now`. */
export function purgeOldTombstones(sync: SyncService, days: number, now = new Date()) {
  return sync.purgeTombstonesBefore(new Date(now.getTime() - days * DAY_MS).toISOString());
}

/**
 * Purges when this process leads (at once, then once a day) while the server runs; returns a
 * stop function. With several processes only the leader purges (server/cluster/leadership.ts).
 */
export function scheduleTombstonePurge(sync: SyncService, days: number, log: (line: string) => void, leadership: Leadership): () => void {
  return runAsLeader(leadership, {
    name: 'Tombstone purge',
    everyMs: DAY_MS,
    run: async () => {
      const r = await purgeOldTombstones(sync, days);
      if (r.removed > 0) log(`Purged ${r.removed} sync tombstones older than ${days} days.`);
    },
  }, log);
}
