/**
 * DATA_DIR holds every secret of the school: the database (password and secret hashes,
 * sessions), its WAL, pupils' photos and recordings (blobs/, uploads/), the server key and
 * the demo accounts. Nobody but the server's own user may read it, whatever the umask the
 * server was started with (a `umask 000` service file, a shared mini-PC's desktop session):
 * the folder is 0700 and every file in it 0600.
 *
 * `lockDownDataDir` is the first thing the server and the admin commands do: it sets the
 * process umask to 077 (so every file created afterwards — by SQLite, the blob store, tus,
 * a backup — is 0600 and every folder 0700) and repairs what an older version left readable.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates DATA_DIR if needed and makes it, and everything in it, private to this user. */
export function lockDownDataDir(dataDir: string): void {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const wasPrivate = (lstatSync(dataDir).mode & 0o777) === PRIVATE_DIR_MODE;
  chmodSync(dataDir, PRIVATE_DIR_MODE);
  // Top-level files every start (cheap); the whole tree only when the folder was not private yet
  // (a data dir from before this rule): files made since under umask 077 are private already.
  for (const name of readdirSync(dataDir)) makePrivate(join(dataDir, name), !wasPrivate);
}

/** A folder copied into DATA_DIR (an app build: a copy keeps its source's modes, whatever the umask): private, all of it. */
export function makeTreePrivate(path: string): void {
  makePrivate(path, true);
}

/** A file written outside DATA_DIR that holds the database (a backup): readable by this user only. */
export function makeFilePrivate(file: string): void {
  chmodSync(file, PRIVATE_FILE_MODE);
}

function makePrivate(path: string, deep: boolean): void {
  let st;
  try {
    st = lstatSync(path);
  } catch (err) {
    // Gone since readdir: another process sharing DATA_DIR removed its temp file (server.key's).
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (st.isSymbolicLink()) return; // not ours to change (a deployed build, say)
  if (st.isDirectory()) {
    ignoreGone(() => chmodSync(path, PRIVATE_DIR_MODE));
    if (deep) for (const name of ignoreGone(() => readdirSync(path)) ?? []) makePrivate(join(path, name), true);
  } else if (st.isFile()) {
    ignoreGone(() => chmodSync(path, PRIVATE_FILE_MODE));
  }
}

function ignoreGone<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
