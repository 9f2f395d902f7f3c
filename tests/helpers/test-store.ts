/**
 * The real server's services over a real SQLite file, as tests hold them: `db` is the raw
 * better-sqlite3 handle (to arrange rows and check what was stored), `database` the
 * `Database` the services run on.
 */
import type { Db } from '../../server/store/sqlite/database.ts';
import type { SqliteDatabase } from '../../server/store/sqlite/sqlite-database.ts';
import { openSqliteServer, type SqliteServer } from '../../server/store/sqlite/sqlite-server.ts';
import type { BlobStore } from '../../server/blobs/blob-store.ts';

export interface TestStore extends Omit<SqliteServer, 'db'> {
  db: Db;
  database: SqliteDatabase;
  /** The services as the app takes them. */
  services: SqliteServer;
  close(): Promise<void>;
}

export function openTestStore(file: string, options: { blobs?: BlobStore; migrateUpTo?: number } = {}): TestStore {
  const server = openSqliteServer(file, options);
  const { db: _database, ...services } = server;
  // `db` follows the live handle: a restore (SqliteDatabase.replaceWith) opens a new one.
  return Object.defineProperty({ ...services, database: server.db, services: server, close: () => server.db.close() }, 'db', { get: () => server.db.db, enumerable: true }) as TestStore;
}

/** What the change log would record (the same SQL as the repositories): for fixtures that write rows directly. */
export function recordChange(db: Db, scope: string, entity: string, entityId: string, op: 'put' | 'delete' = 'put') {
  db.prepare('DELETE FROM changes WHERE scope = ? AND entity = ? AND entity_id = ?').run(scope, entity, entityId);
  db.prepare('INSERT INTO changes (scope, entity, entity_id, op, at) VALUES (?, ?, ?, ?, ?)').run(scope, entity, entityId, op, new Date().toISOString());
}
