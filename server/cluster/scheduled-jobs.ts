/**
 * The server's scheduled jobs, all in one place, all on the leader (leadership.ts): on SQLite
 * the one process, on PostgreSQL the one process holding the leader lock — so with several
 * processes each job runs once, and moves to another process when its leader dies.
 *
 * | job | how often | where it starts |
 * |---|---|---|
 * | tombstone purge | daily | here |
 * | rate-limit table clean-up (PostgreSQL) | hourly | here |
 * | nightly backup (SQLite) | at BACKUP_HOUR | here |
 * | expired-upload sweep | hourly | routes/upload-routes.ts (it owns the tus store) |
 * | scheduled publishing | at each publishAt, at least every minute | content/publish-scheduler.ts (started by app.ts) |
 *
 * A new job goes through `runAsLeader` (or checks `leadership.isLeader()` as the publish
 * scheduler does) and into this table and the leader test
 * (tests/unit/server/cluster/scheduled-jobs.test.ts, which also fails for a timer it does not know).
 */
import type { Services } from '../services.ts';
import { runAsLeader } from './leadership.ts';
import { scheduleTombstonePurge } from '../sync/sync-maintenance.ts';
import { runScheduledBackup, scheduleBackups, type BackupSchedule } from '../backup/scheduled-backup.ts';

export interface ScheduledJobsOptions {
  tombstoneDays: number;
  /** Nightly backups (SQLite); dir null: none. */
  backup: BackupSchedule;
  dataDir: string;
  log: (line: string) => void;
}

/** Starts the jobs of this table that main.ts owns; returns a stop function. */
export function startScheduledJobs(server: Services, o: ScheduledJobsOptions): () => void {
  const { leadership } = server.coordination;
  const stops = [
    scheduleTombstonePurge(server.sync, o.tombstoneDays, o.log, leadership),
    runAsLeader(leadership, {
      name: 'Rate-limit clean-up',
      everyMs: 3600_000,
      run: async () => {
        const removed = await server.coordination.housekeeping();
        if (removed > 0) o.log(`Rate-limit clean-up: removed ${removed} ended windows.`);
      },
    }, o.log),
  ];
  const { backup } = o;
  if (backup.dir) {
    stops.push(scheduleBackups(async () => {
      if (!leadership.isLeader()) return;
      const r = await runScheduledBackup(server.backup, backup, o.dataDir);
      o.log(r.ok ? `Nightly backup: ${r.file} (${r.size} bytes).` : `Nightly backup failed: ${r.error}.`);
    }, backup.hour));
  }
  return () => {
    for (const stop of stops) stop();
  };
}
