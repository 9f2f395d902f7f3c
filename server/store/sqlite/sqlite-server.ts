/**
 * The embedded default: one SQLite file (`cartable.sqlite`) and the filesystem blob store
 * next to it (`blobs/`), opened together, with the services over them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FsBlobStore } from '../../blobs/fs-blob-store.ts';
import type { BlobStore } from '../../blobs/blob-store.ts';
import { createServices, type Services } from '../../services.ts';
import { SqliteDatabase } from './sqlite-database.ts';

export interface SqliteServer extends Services {
  db: SqliteDatabase;
}

/** Opens the database file (':memory:' for tests: blobs go to a temp dir) and its blob store. */
export function openSqliteServer(file: string, options: { blobs?: BlobStore; migrateUpTo?: number } = {}): SqliteServer {
  const db = SqliteDatabase.open(file, { migrateUpTo: options.migrateUpTo });
  const blobs = options.blobs ?? new FsBlobStore(file === ':memory:' ? mkdtempSync(join(tmpdir(), 'cartable-blobs-')) : join(dirname(file), 'blobs'));
  return { ...createServices(db, blobs), db };
}
