/**
 * Nightly backups. On by default: every night at BACKUP_HOUR (server time, default 2) the
 * archive is written to BACKUP_DIR (default DATA_DIR/backups; BACKUP_DIR=off turns it off) as
 * `cartable-YYYYMMDD-HHMM.tar`, and only the BACKUP_KEEP newest (default 7) are kept. The
 * default folder is on the server's own disk: it undoes a mistake (a wrong import, a bad
 * restore), not a dead disk — the IT screen says so and asks for a copy elsewhere. A run that
 * would not fit on the disk is refused (backup_disk_full) before it writes. Each run's result
 * goes to DATA_DIR/backup-status.json, which the IT screen shows (when, size, result, next).
 * `runScheduledBackup` is a plain function: whoever schedules it (this file's timer, or a
 * leader among several processes) calls it.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupService } from './backup-service.ts';
import type { BackupStatus } from '../../src/protocol/console.ts';
import { SYSTEM } from '../access/actor.ts';
import { DomainError, fail } from '../domain/domain-error.ts';

export interface BackupSchedule {
  /** null: scheduled backups are off. */
  dir: string | null;
  hour: number;
  keep: number;
}

export const STATUS_FILE = 'backup-status.json';
const NAME = /^cartable-\d{8}-\d{4}\.tar$/;

/** BACKUP_DIR / BACKUP_HOUR / BACKUP_KEEP, checked. */
export function backupScheduleFromEnv(env: NodeJS.ProcessEnv, dataDir: string): BackupSchedule {
  const raw = env.BACKUP_DIR?.trim();
  const hour = env.BACKUP_HOUR ? Number(env.BACKUP_HOUR) : 2;
  const keep = env.BACKUP_KEEP ? Number(env.BACKUP_KEEP) : 7;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new Error(`BACKUP_HOUR must be an hour 0..23, got "${env.BACKUP_HOUR}"`);
  if (!Number.isInteger(keep) || keep < 1 || keep > 365) throw new Error(`BACKUP_KEEP must be a count 1..365, got "${env.BACKUP_KEEP}"`);
  return { dir: raw === 'off' ? null : raw || join(dataDir, 'backups'), hour, keep };
}

/** The next run at `hour` o'clock (local time) strictly after `now`. */
export function nextBackupAt(now: Date, hour: number): Date {
  const next = new Date(now);
  next.setHours(hour, 0, 0, 0);
  if (next <= now) next.setDate(next.getDate() + 1);
  return next;
}

const pad = (n: number) => String(n).padStart(2, '0');
const fileName = (d: Date) => `cartable-${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}.tar`;

/** The last run's result, as stored in DATA_DIR/backup-status.json (null before the first). */
export function readLastBackup(dataDir: string): BackupStatus['last'] {
  try {
    return JSON.parse(readFileSync(join(dataDir, STATUS_FILE), 'utf8')) as BackupStatus['last'];
  } catch {
    return null;
  }
}

function writeLast(dataDir: string, last: NonNullable<BackupStatus['last']>) {
  const file = join(dataDir, STATUS_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(last), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** One scheduled backup: writes the archive, prunes to `keep`, records the result. Never throws. */
export async function runScheduledBackup(backup: BackupService, schedule: BackupSchedule, dataDir: string, now = new Date()): Promise<NonNullable<BackupStatus['last']>> {
  const at = now.toISOString();
  if (!schedule.dir) return { at, ok: false, file: null, size: null, error: 'internal' };
  let result: NonNullable<BackupStatus['last']>;
  try {
    mkdirSync(schedule.dir, { recursive: true, mode: 0o700 });
    const file = join(schedule.dir, fileName(now));
    const previous = readdirSync(schedule.dir).filter((f) => NAME.test(f)).sort();
    // The last archive's size is the best guess of this one's: refuse if the disk could not hold it twice.
    const last = readLastBackup(dataDir);
    const fs = statfsSync(schedule.dir);
    if (last?.size && fs.bavail * fs.bsize < last.size * 2) throw fail('backup_disk_full');
    const written = await backup.writeArchive(SYSTEM, file, now);
    for (const old of [...previous.filter((f) => f !== fileName(now)), fileName(now)].slice(0, -schedule.keep)) rmSync(join(schedule.dir, old), { force: true });
    result = { at, ok: true, file, size: written.size, error: null };
  } catch (err) {
    result = { at, ok: false, file: null, size: null, error: err instanceof DomainError ? err.code : 'internal' };
  }
  writeLast(dataDir, result);
  return result;
}

/** Runs `run` every night at `hour` while the process lives; returns a stop function. */
export function scheduleBackups(run: () => Promise<unknown>, hour: number, clock: () => Date = () => new Date()): () => void {
  let timer: NodeJS.Timeout | null = null;
  const arm = () => {
    const delay = Math.max(1000, nextBackupAt(clock(), hour).getTime() - clock().getTime());
    timer = setTimeout(() => void run().finally(arm), delay);
    timer.unref();
  };
  arm();
  return () => { if (timer) clearTimeout(timer); };
}
