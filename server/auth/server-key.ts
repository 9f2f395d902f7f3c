/**
 * The server key: 32 random bytes in DATA_DIR/server.key (mode 0600), outside the database
 * and never in a database backup. It is mixed into every password and student secret hash
 * (HMAC-SHA256 before scrypt, a "pepper"), so a stolen database or backup alone gives no
 * secret back, not even a 4-digit one (10,000 guesses are nothing offline; a 256-bit key
 * is). Back it up once, apart from the database: without it no password or secret of a
 * restored database works (README: backup and restore).
 *
 * Created at the first start, atomically (a temp file, fsync, then a hard link that fails
 * if another process — the admin CLI, say — made it first: both then read the same key).
 * Keys are registered by id, so a process that opens several data dirs (tests) verifies each
 * one's hashes; a server opens one, and hashes with the one it opened last.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const SERVER_KEY_FILE = 'server.key';

export interface ServerKey {
  /** 8 hex characters of the key's SHA-256: names the key in each hash, reveals nothing of it. */
  id: string;
  key: Buffer;
}

const keys = new Map<string, ServerKey>();
let current: ServerKey | null = null;

const keyOf = (hex: string, file: string): ServerKey => {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${file} is not a Cartable server key (64 hex digits expected).`);
  const key = Buffer.from(hex, 'hex');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
};

/** Reads DATA_DIR/server.key, creating it on the first start. */
export function loadServerKey(dataDir: string): ServerKey {
  const file = join(dataDir, SERVER_KEY_FILE);
  try {
    return keyOf(readFileSync(file, 'utf8').trim(), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
    const dir = openSync(dataDir, 'r');
    fsyncSync(dir);
    closeSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
  return keyOf(readFileSync(file, 'utf8').trim(), file);
}

/** Loads DATA_DIR's key and hashes with it from now on. Idempotent. */
export function activateServerKey(dataDir: string): ServerKey {
  const k = loadServerKey(dataDir);
  keys.set(k.id, k);
  current = k;
  return k;
}

/** The key new hashes are made with; throws when no data dir's key was activated. */
export function currentServerKey(): ServerKey {
  if (!current) throw new Error('The server key is not loaded (activateServerKey(DATA_DIR) first).');
  return current;
}

/** A key this process loaded, by id; null for a hash made with a key it does not have. */
export const serverKeyById = (id: string): ServerKey | null => keys.get(id) ?? null;
