/** The embedded default store: one SQLite file (WAL) under DATA_DIR. */
import { openDatabase, type Db } from './database.ts';
import type { Store } from '../store.ts';
import { SqliteAuthStore } from './sqlite-auth-store.ts';
import { SqliteSchoolStore } from './sqlite-school-store.ts';
import { SqliteRosterStore } from './sqlite-roster-store.ts';
import { SqliteDeviceStore } from './sqlite-device-store.ts';
import { SqliteContentStore } from './sqlite-content-store.ts';
import { SqliteMediaStore } from './sqlite-media-store.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BlobStore } from '../../blobs/blob-store.ts';
import { FsBlobStore } from '../../blobs/fs-blob-store.ts';
import { SqlitePaperStore } from './sqlite-paper-store.ts';
import { SqliteSyncStore } from './sqlite-sync-store.ts';

export class SqliteStore implements Store {
  readonly auth: SqliteAuthStore;
  readonly school: SqliteSchoolStore;
  readonly roster: SqliteRosterStore;
  readonly devices: SqliteDeviceStore;
  readonly content: SqliteContentStore;

  readonly blobs: BlobStore;
  readonly paper: SqlitePaperStore;
  readonly media: SqliteMediaStore;
  readonly sync: SqliteSyncStore;

  /** Blobs default to `blobs/` next to the database file (a temp dir for ':memory:'). */
  constructor(readonly db: Db, blobs?: BlobStore) {
    this.auth = new SqliteAuthStore(db);
    this.school = new SqliteSchoolStore(db);
    this.roster = new SqliteRosterStore(db);
    this.devices = new SqliteDeviceStore(db);
    this.content = new SqliteContentStore(db);
    this.media = new SqliteMediaStore(db);
    this.paper = new SqlitePaperStore(db);
    this.sync = new SqliteSyncStore(db);
    this.blobs = blobs ?? new FsBlobStore(db.memory ? mkdtempSync(join(tmpdir(), 'cartable-blobs-')) : join(dirname(db.name), 'blobs'));
  }

  static open(file: string): SqliteStore {
    return new SqliteStore(openDatabase(file));
  }

  async backup(toFile: string) {
    await this.db.backup(toFile);
  }

  close() {
    if (this.db.open) this.db.close();
  }
}
