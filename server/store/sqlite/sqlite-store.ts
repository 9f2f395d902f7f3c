/** The embedded default store: one SQLite file (WAL) under DATA_DIR. */
import { openDatabase, type Db } from './database.ts';
import type { Store } from '../store.ts';
import { SqliteAuthStore } from './sqlite-auth-store.ts';

export class SqliteStore implements Store {
  readonly auth: SqliteAuthStore;

  constructor(readonly db: Db) {
    this.auth = new SqliteAuthStore(db);
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
