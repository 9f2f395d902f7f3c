/**
 * The embedded default: one SQLite file (`cartable.sqlite`), the filesystem blob store
 * next to it (`blobs/`) and the server key (`server.key`), opened together, with the
 * services over them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FsBlobStore } from '../../blobs/fs-blob-store.ts';
import type { BlobStore } from '../../blobs/blob-store.ts';
import { createServices, type Services } from '../../services.ts';
import { SqliteDatabase } from './sqlite-database.ts';
import { activateServerKey } from '../../auth/server-key.ts';

export interface SqliteServer extends Services {
  db: SqliteDatabase;
}

/** Opens the database file (':memory:' for tests: blobs go to a temp dir) and its blob store. */
export function openSqliteServer(file: string, options: { blobs?: BlobStore; migrateUpTo?: number } = {}): SqliteServer {
  const db = SqliteDatabase.open(file, { migrateUpTo: options.migrateUpTo });
  const dataDir = file === ':memory:' ? mkdtempSync(join(tmpdir(), 'cartable-data-')) : dirname(file);
  // DATA_DIR/server.key: the pepper of every password and secret hash, outside the database (auth/server-key.ts).
  activateServerKey(dataDir);
  const blobs = options.blobs ?? new FsBlobStore(join(dataDir, 'blobs'));
  return { ...createServices(db, blobs, undefined, dataDir), db };
}
