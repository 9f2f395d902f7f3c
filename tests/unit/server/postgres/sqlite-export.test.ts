/**
 * What `migrate-to-postgres` reads out of SQLite, on its own: the tables come from the schema
 * (the real one, parents before children), and a table the copy would get wrong — a cycle of
 * references, a self-reference without a known order, a `sha256` column not known as bytes — is
 * refused by name rather than copied wrongly or left out. The digest sees content, not order.
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../../server/store/sqlite/database.ts';
import { SqliteExport } from '../../../../server/store/sqlite/sqlite-export.ts';

describe('SqliteExport', () => {
  it('lists every table of the real schema, each after the tables its foreign keys name', () => {
    const db = openDatabase(':memory:');
    try {
      const x = new SqliteExport(db);
      const tables = x.tables();
      const all = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name").pluck().all() as string[];
      expect([...tables].sort()).toEqual(all);
      for (const t of tables) {
        for (const parent of db.prepare('SELECT "table" FROM pragma_foreign_key_list(?)').pluck().all(t) as string[]) {
          if (parent !== t) expect(tables.indexOf(parent), `${parent} before ${t}`).toBeLessThan(tables.indexOf(t));
        }
      }
    } finally {
      db.close();
    }
  });

  it('pages a self-referencing table parents first (app_builds by number, whatever the ids)', () => {
    const db = openDatabase(':memory:');
    try {
      const at = new Date().toISOString();
      const insert = db.prepare('INSERT INTO app_builds (id, number, version, files, rollback_of, registered_at) VALUES (?, ?, ?, ?, ?, ?)');
      insert.run('zzz-original', 1, '1.0.0', 'f1', null, at);
      insert.run('aaa-rollback', 2, '1.0.0', 'f1', 'zzz-original', at);
      const rows = [...new SqliteExport(db).pages('app_builds', 1)].flat();
      expect(rows.map((r) => r.id)).toEqual(['zzz-original', 'aaa-rollback']);
    } finally {
      db.close();
    }
  });

  it.each([
    ['a self-reference without a known order', 'CREATE TABLE notes (id TEXT PRIMARY KEY, parent_id TEXT REFERENCES notes(id))', /Table notes references itself/],
    ['a sha256 column not known as bytes', 'CREATE TABLE stickers (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL)', /Table stickers has a sha256 column/],
    ['a cycle of references', 'CREATE TABLE ping (id TEXT PRIMARY KEY, pong_id TEXT REFERENCES pong(id)); CREATE TABLE pong (id TEXT PRIMARY KEY, ping_id TEXT REFERENCES ping(id))', /cycle: .*ping, pong/],
  ])('refuses %s, naming the table', (_what, sql, message) => {
    const db = new Database(':memory:');
    try {
      db.exec(sql);
      expect(() => new SqliteExport(db).tables()).toThrow(message);
    } finally {
      db.close();
    }
  });

  it('digests content whatever the order of the rows, and sees one changed value', () => {
    const a = new Database(':memory:');
    const b = new Database(':memory:');
    try {
      for (const db of [a, b]) db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, x REAL, s TEXT)');
      a.prepare('INSERT INTO t VALUES (?, ?, ?, ?)').run('a', 1, 2.5, null);
      a.prepare('INSERT INTO t VALUES (?, ?, ?, ?)').run('b', 0, 3, 'é');
      b.prepare('INSERT INTO t VALUES (?, ?, ?, ?)').run('b', 0, 3, 'é');
      b.prepare('INSERT INTO t VALUES (?, ?, ?, ?)').run('a', 1, 2.5, null);
      expect(new SqliteExport(a).digest('t')).toEqual(new SqliteExport(b).digest('t'));
      b.prepare("UPDATE t SET s = '' WHERE id = 'a'").run(); // NULL and '' are not the same
      expect(new SqliteExport(a).digest('t').sha256).not.toBe(new SqliteExport(b).digest('t').sha256);
    } finally {
      a.close();
      b.close();
    }
  });

  it('holds a row only with its key and every value the same (canonical form, as PostgreSQL gives it)', () => {
    const db = new Database(':memory:');
    try {
      db.exec('CREATE TABLE t (a TEXT, b INTEGER, flag INTEGER, x REAL, PRIMARY KEY (a, b))');
      db.prepare('INSERT INTO t VALUES (?, ?, ?, ?)').run('k', 7, 1, 2.5);
      const x = new SqliteExport(db);
      expect(x.holds('t', { a: 'k', b: '7', flag: '1', x: '2.5' })).toBe(true);
      expect(x.holds('t', { a: 'k', b: '7', flag: '0', x: '2.5' })).toBe(false);
      expect(x.holds('t', { a: 'k', b: '8', flag: '1', x: '2.5' })).toBe(false);
      expect(x.holds('t', { a: 'k', b: '7', flag: '1', x: '2.5', extra: null })).toBe(false);
    } finally {
      db.close();
    }
  });
});
