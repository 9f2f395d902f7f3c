/**
 * Backups and restores of the whole server (IT referent or the admin CLI). Rules: a school's
 * referent may take or restore the archive only when theirs is the only school on the server
 * (it holds every school); a restore is checked whole before anything changes (stage-restore.ts),
 * must come from this server's key (else nobody could sign in afterwards), and swaps the
 * database between two transactions of the live server (SqliteDatabase.replaceWith), keeping
 * the replaced one as `.bak`, then puts the app builds it holds back in DATA_DIR/builds. On PostgreSQL both answer backup_use_pg_dump (pg_dump/pg_restore).
 */
import { recordAudit } from '../audit/audit-log.ts';
import { closeSync, createWriteStream, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../store/repositories.ts';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { Actor } from '../access/actor.ts';
import { requireUser } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { currentServerKey } from '../auth/server-key.ts';
import { buildBackupArchive, type BackupArchive } from './backup-archive.ts';
import { stageRestore } from './stage-restore.ts';
import type { BackupManifest } from './backup-manifest.ts';
import type { BackupStatus } from '../../src/protocol/console.ts';
import { nextBackupAt, readLastBackup, type BackupSchedule } from './scheduled-backup.ts';

/** What a restore did (shown to the IT referent). */
export interface RestoreResult {
  createdAt: string;
  schemaVersion: number;
  schools: string[];
  counts: Record<string, number>;
  blobs: number;
  /** App builds the archive held (put back in DATA_DIR/builds when missing). */
  builds: number;
  previousKeptAs: string;
}

export class BackupService {
  private schedule: BackupSchedule = { dir: null, hour: 2, keep: 7 };

  constructor(private readonly db: Database, private readonly blobs: BlobStore, private readonly workDir: string) {}

  /** The nightly backups main.ts runs (shown by `status`). */
  configureSchedule(schedule: BackupSchedule) {
    this.schedule = schedule;
  }

  /** The scheduled backups: on or off, where, the last run's result and the next run. */
  async status(actor: Actor, now = new Date()): Promise<BackupStatus> {
    await this.checkScope(actor);
    const s = this.schedule;
    return { enabled: !!s.dir, dir: s.dir, hour: s.hour, keep: s.keep, nextAt: s.dir ? nextBackupAt(now, s.hour).toISOString() : null, last: readLastBackup(this.workDir) };
  }

  private async checkScope(actor: Actor): Promise<string | null> {
    const it = requireUser(actor, 'it');
    if (it && (await this.db.read((tx) => tx.schools.count())) > 1) throw fail('backup_multi_school');
    return it?.schoolId ?? null;
  }

  /** The archive of the whole server, streamed. */
  async archive(actor: Actor, at = new Date()): Promise<BackupArchive> {
    const schoolId = await this.checkScope(actor);
    // Logged before the snapshot, so the backup holds its own entry.
    await this.db.write((tx) => recordAudit(tx, actor, 'backup', null, {}, schoolId));
    return buildBackupArchive((to) => this.db.backup(to), this.blobs, this.workDir, at, this.workDir);
  }

  /** Writes the archive to `file` (a temp file fsynced, then renamed: never half a backup under its name). */
  async writeArchive(actor: Actor, file: string, at = new Date()): Promise<BackupManifest & { size: number }> {
    const a = await this.archive(actor, at);
    const tmp = `${file}.partial`;
    try {
      await pipeline(a.stream, createWriteStream(tmp, { mode: 0o600 }));
      const fd = openSync(tmp, 'r');
      fsyncSync(fd);
      closeSync(fd);
      renameSync(tmp, file);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    return { ...a.manifest, size: a.size };
  }

  /** Checks the archive whole, then puts its database in place; refused archives change nothing. */
  async restore(actor: Actor, archive: Readable): Promise<RestoreResult> {
    const schoolId = await this.checkScope(actor);
    const staged = await stageRestore(archive, this.blobs, this.workDir, (m) => {
      if (schoolId && (m.schools.length !== 1 || m.schools[0]!.id !== schoolId)) throw fail('restore_other_school');
      if (m.serverKeyId !== currentServerKey().id) throw fail('restore_server_key_mismatch');
    });
    try {
      const m = staged.manifest;
      const { previousKeptAs } = await this.db.replaceWith(staged.dbFile);
      // The builds after the database (they are only code: a disk that cannot take them leaves
      // tablets on what they run, and the server names the missing ones at its next start).
      let builds = 0;
      try {
        builds = staged.placeBuilds(this.workDir);
      } catch {
        // left at 0: said by the result, and by the server at start
      }
      // Into the restored database: the log says what happened to it. (The actor may not exist in it: then a name from before.)
      await this.db.write((tx) => recordAudit(tx, actor, 'restore', null, { backupCreatedAt: m.createdAt }, schoolId));
      return {
        createdAt: m.createdAt, schemaVersion: m.schemaVersion, schools: m.schools.map((s) => s.name), counts: m.counts, blobs: m.blobs.length, builds, previousKeptAs,
      };
    } finally {
      staged.cleanup();
    }
  }
}
