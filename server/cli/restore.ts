/**
 * Restoring a backup: the file must be a Cartable database (schema_migrations, core tables,
 * integrity check ok) of a schema version this server knows; the current database is kept
 * as `.bak` (an online copy, so WAL content is included) and the restored one is put in
 * place atomically, then upgraded if it is older. Refused while a server uses the data dir.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, openSync, fsyncSync, closeSync, renameSync, rmSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { listMigrations, openDatabase } from '../store/sqlite/database.ts';
import { makeFilePrivate } from '../data-dir.ts';

/** The pid file of servers before several processes could share DATA_DIR (still honoured). */
export const PID_FILE = 'server.pid';

/**
 * Each server process names itself in its own `server-<pid>.pid`: processes sharing DATA_DIR
 * (PostgreSQL, several of them) must not overwrite or remove each other's.
 */
export const pidFileName = (pid: number) => `server-${pid}.pid`;

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
};

/** The pid of a live server using `dataDir`, or null (stale pid files after kill -9 are ignored). */
export function runningServerPid(dataDir: string): number | null {
  const files = existsSync(dataDir) ? readdirSync(dataDir).filter((f) => f === PID_FILE || /^server-\d+\.pid$/.test(f)) : [];
  for (const f of files) {
    let pid: number;
    try {
      pid = Number(readFileSync(join(dataDir, f), 'utf8').trim());
    } catch {
      continue; // removed meanwhile: that server stopped
    }
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return pid;
  }
  return null;
}

/** Checks that `file` is a Cartable database this server can open; returns its schema version. Throws with a plain reason. */
export function validateBackup(file: string): number {
  if (!existsSync(file)) throw new Error(`No such file: ${file}`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new Error(`Not a SQLite database: ${(err as Error).message}`);
  }
  try {
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    for (const t of ['schema_migrations', 'schools', 'users', 'students', 'changes']) {
      if (!tables.has(t)) throw new Error(`Not a Cartable database (no "${t}" table).`);
    }
    const version = db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number | null;
    const known = Math.max(...listMigrations().map((m) => m.version));
    if (!version) throw new Error('Not a Cartable database (no schema version).');
    if (version > known) throw new Error(`This backup comes from a newer server (schema ${version}; this server knows up to ${known}). Update the server first.`);
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`The backup is damaged: ${String(integrity)}`);
    return version;
  } catch (err) {
    if (err instanceof Error && /file is not a database|SQLITE_NOTADB/.test(err.message)) throw new Error('Not a SQLite database.');
    throw err;
  } finally {
    db.close();
  }
}

/** Replaces `dbFile` with the backup `from`; returns where the previous database was kept. */
export function restoreDatabase(dbFile: string, from: string): { backupOfPrevious: string | null; schemaVersion: number } {
  const dataDir = dirname(dbFile);
  const pid = runningServerPid(dataDir);
  if (pid) throw new Error(`A Cartable server (pid ${pid}) is using ${dataDir}. Stop it first, then restore.`);
  const schemaVersion = validateBackup(from);
  let backupOfPrevious: string | null = null;
  if (existsSync(dbFile)) {
    backupOfPrevious = `${dbFile}.bak`;
    const current = new Database(dbFile);
    // VACUUM INTO copies a consistent snapshot, WAL included.
    rmSync(backupOfPrevious, { force: true });
    current.prepare('VACUUM INTO ?').run(backupOfPrevious);
    current.close();
    makeFilePrivate(backupOfPrevious);
  }
  const tmp = `${dbFile}.restoring`;
  copyFileSync(from, tmp);
  makeFilePrivate(tmp); // copyFileSync keeps the backup's mode, which may be 0644
  const fd = openSync(tmp, 'r');
  fsyncSync(fd);
  closeSync(fd);
  for (const suffix of ['-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  renameSync(tmp, dbFile);
  // Brings an older backup up to this server's schema (never wipes).
  openDatabase(dbFile).close();
  return { backupOfPrevious, schemaVersion };
}
