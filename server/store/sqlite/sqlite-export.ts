/**
 * Reading a whole SQLite school server out, table by table, for `migrate-to-postgres`
 * (server/cli/migrate-to-postgres.ts). The tables are read from the schema itself (never a
 * hand-kept list, so a table a later migration adds is copied without anyone remembering to),
 * ordered so that every row's references come before it; their rows in pages in key order (a
 * big school's change log is never held in memory at once); a digest of each table's content;
 * the change log's head; and every blob a row names.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';
import { schemaVersion } from './database.ts';
import { canonical, RowDigest, type CanonicalValue } from '../row-digest.ts';

/** Bookkeeping of the database itself, not the school's: each dialect keeps its own. */
export const NOT_COPIED = ['schema_migrations'] as const;

/**
 * Tables whose rows reference rows of the same table: the column whose order puts a parent
 * before its children (a rollback build names the build it rolls back, which has a lower
 * number). A self-referencing table missing here is refused by name.
 */
export const PARENTS_FIRST: Record<string, string> = { app_builds: 'number' };

/**
 * Every column that names bytes in the blob store, beyond the `blobs` catalogue itself (a
 * complete attachment, a lesson medium, a spoken comment always has its catalogue row, but the
 * copy does not rely on it). A table with a `sha256` column missing here is refused by name.
 */
export const BLOB_REFERENCES: Record<string, string> = {
  blobs: 'TRUE',
  attachments: 'complete = 1',
  lesson_media: 'TRUE',
  feedback_audio: 'TRUE',
  paper_pages: 'TRUE', // a returned paper sheet (issue 15)
};

/** One row as SQLite gives it: text, numbers (booleans as 0/1) or null. */
export type ExportedRow = Record<string, string | number | null>;

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

export class SqliteExport {
  /** Per table: its primary key and the statement reading one row by it (holds()). */
  private readonly byKey = new Map<string, { key: string[]; statement: Statement }>();

  constructor(private readonly db: Db) {}

  /** The migration version of the database (schema_migrations). */
  schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /**
   * Every table of the school, parents first (each table after the tables its foreign keys
   * name, so foreign keys hold as each is copied). Throws, naming it, for a table the copy
   * would get wrong: a cycle of references, a self-reference without a known order, a
   * `sha256` column not known to name bytes.
   */
  tables(): string[] {
    const names = (this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").pluck().all() as string[])
      .filter((n) => !(NOT_COPIED as readonly string[]).includes(n));
    const parents = new Map(names.map((n) => [n, new Set(
      (this.db.prepare('SELECT "table" FROM pragma_foreign_key_list(?)').pluck().all(n) as string[]).filter((p) => p !== n),
    )]));
    for (const n of names) {
      const refs = this.db.prepare('SELECT "table" FROM pragma_foreign_key_list(?)').pluck().all(n) as string[];
      if (refs.includes(n) && !PARENTS_FIRST[n]) throw new Error(`Table ${n} references itself and migrate-to-postgres does not know which column puts parents first (PARENTS_FIRST in sqlite-export.ts).`);
      if (n !== 'blobs' && this.columns(n).includes('sha256') && !BLOB_REFERENCES[n]) throw new Error(`Table ${n} has a sha256 column that migrate-to-postgres does not know (BLOB_REFERENCES in sqlite-export.ts): are its bytes in the blob store?`);
    }
    const ordered: string[] = [];
    const done = new Set<string>();
    while (ordered.length < names.length) {
      const ready = names.filter((n) => !done.has(n) && [...parents.get(n)!].every((p) => done.has(p) || !parents.has(p)));
      if (ready.length === 0) throw new Error(`Tables reference each other in a cycle: ${names.filter((n) => !done.has(n)).join(', ')}.`);
      for (const n of ready) {
        ordered.push(n);
        done.add(n);
      }
    }
    return ordered;
  }

  /** Column names of a table, in their declared order. */
  columns(table: string): string[] {
    return (this.db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(table) as { name: string }[]).map((c) => c.name);
  }

  /** The columns the pages are ordered by: the primary key, or the parents-first column (a unique one). */
  private orderColumns(table: string): string[] {
    if (PARENTS_FIRST[table]) return [PARENTS_FIRST[table]];
    const cols = this.db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').all(table) as { name: string }[];
    return cols.length > 0 ? cols.map((c) => c.name) : ['rowid'];
  }

  count(table: string): number {
    return this.db.prepare(`SELECT COUNT(*) FROM ${quoteId(table)}`).pluck().get() as number;
  }

  /** Pages of at most `pageSize` rows in key order (keyset pagination: each page one indexed query). */
  *pages(table: string, pageSize = 500): Generator<ExportedRow[]> {
    const key = this.orderColumns(table);
    const order = key.map(quoteId).join(', ');
    const select = `SELECT ${key.includes('rowid') ? 'rowid, ' : ''}* FROM ${quoteId(table)}`;
    const first = this.db.prepare(`${select} ORDER BY ${order} LIMIT ?`);
    const next = this.db.prepare(`${select} WHERE (${order}) > (${key.map(() => '?').join(', ')}) ORDER BY ${order} LIMIT ?`);
    let page = first.all(pageSize) as ExportedRow[];
    while (page.length > 0) {
      const last = page[page.length - 1]!;
      yield key.includes('rowid') ? page.map(({ rowid: _rowid, ...row }) => row) : page;
      if (page.length < pageSize) return;
      page = next.all(...key.map((k) => last[k]), pageSize) as ExportedRow[];
    }
  }

  /** The digest of a table's content (server/store/row-digest.ts), to compare with PostgreSQL's. */
  digest(table: string): { rows: number; sha256: string } {
    const d = new RowDigest();
    for (const row of this.db.prepare(`SELECT * FROM ${quoteId(table)}`).iterate() as Iterable<ExportedRow>) {
      d.add(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, canonical(v)])));
    }
    return { rows: d.rows, sha256: d.hex() };
  }

  /**
   * Whether this database holds `row` (canonical form, as PostgreSQL's is read) exactly: the
   * row with its primary key, every value the same. Tells a target that is a copy of this
   * server (a run cut short, or a second run) from one that holds rows of its own.
   */
  holds(table: string, row: Record<string, CanonicalValue>): boolean {
    let byKey = this.byKey.get(table);
    if (!byKey) {
      const key = this.db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').pluck().all(table) as string[];
      byKey = { key, statement: this.db.prepare(`SELECT * FROM ${quoteId(table)} WHERE ${key.map((k) => `${quoteId(k)} = ?`).join(' AND ')}`) };
      this.byKey.set(table, byKey);
    }
    const mine = byKey.statement.get(...byKey.key.map((k) => row[k] ?? null)) as ExportedRow | undefined;
    if (!mine) return false;
    const keys = Object.keys(mine);
    return keys.length === Object.keys(row).length && keys.every((k) => canonical(mine[k]) === (row[k] ?? null));
  }

  /** The highest value AUTOINCREMENT ever gave in a table (0 when none): PostgreSQL's sequence must continue after it. */
  autoincrementHead(table: string): number {
    const issued = this.db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(table) as number | undefined;
    return issued ?? 0;
  }

  /**
   * The highest seq the change log ever issued: AUTOINCREMENT's counter, which may be above
   * MAX(seq) when the newest rows were re-stamped away or purged. A tablet may hold a cursor
   * up to it, so PostgreSQL's head must start there.
   */
  changeLogHead(): number {
    const max = (this.db.prepare('SELECT MAX(seq) FROM changes').pluck().get() as number | null) ?? 0;
    return Math.max(this.autoincrementHead('changes'), max);
  }

  /** Every blob a row names (sha256, size), in key order: the catalogue and each BLOB_REFERENCES column. */
  blobs(): { sha256: string; size: number }[] {
    const parts = Object.entries(BLOB_REFERENCES).map(([t, where]) => `SELECT sha256, size FROM ${quoteId(t)} WHERE ${where}`);
    return this.db.prepare(`SELECT sha256, MAX(size) AS size FROM (${parts.join(' UNION ALL ')}) GROUP BY sha256 ORDER BY sha256`).all() as { sha256: string; size: number }[];
  }

  /** The distinct `files` of the app builds (their folders under DATA_DIR/builds, named by their content's SHA-256). */
  buildFiles(): string[] {
    return this.db.prepare('SELECT DISTINCT files FROM app_builds ORDER BY files').pluck().all() as string[];
  }
}
