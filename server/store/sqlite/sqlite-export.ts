/**
 * Reading a whole SQLite school server out, table by table, for `migrate-to-postgres`
 * (server/cli/migrate-to-postgres.ts): the tables in an order where every row's references
 * come before it, their columns, their rows in primary-key order in pages (a big school's
 * change log is never held in memory at once), and the change log's head.
 */
import type { Db } from './database.ts';
import { schemaVersion } from './database.ts';

/** Every table of the school, parents first (foreign keys hold as each is copied). */
export const SCHOOL_TABLES = [
  'schools', 'users', 'classes', 'class_teachers', 'students', 'groups', 'group_members',
  'devices', 'enrolment_codes', 'sessions', 'login_failures', 'blobs', 'lessons', 'lesson_media',
  'assignments', 'submissions', 'submission_revisions', 'attachments', 'feedback', 'paper_packs', 'paper_pages', 'photo_annotations',
  'changes', 'sync_meta', 'device_mutations', 'work_follow_ups', 'reminders', 'feedback_audio',
] as const;
export type SchoolTable = (typeof SCHOOL_TABLES)[number];

/** One row as SQLite gives it: text, numbers (booleans as 0/1) or null. */
export type ExportedRow = Record<string, string | number | null>;

export class SqliteExport {
  constructor(private readonly db: Db) {}

  /** The migration version of the database (schema_migrations). */
  schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** Column names of a table, in their declared order. */
  columns(table: SchoolTable): string[] {
    return (this.db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).all(table) as { name: string }[]).map((c) => c.name);
  }

  /** The primary-key columns of a table (rowid order is stable too, but the key is what PostgreSQL dedups on). */
  private keyColumns(table: SchoolTable): string[] {
    const cols = this.db.prepare(`SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`).all(table) as { name: string }[];
    return cols.map((c) => c.name);
  }

  count(table: SchoolTable): number {
    return this.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  }

  /** Pages of at most `pageSize` rows in primary-key order (keyset pagination: each page one indexed query). */
  *pages(table: SchoolTable, pageSize = 500): Generator<ExportedRow[]> {
    const key = this.keyColumns(table);
    const order = key.join(', ');
    const first = this.db.prepare(`SELECT * FROM ${table} ORDER BY ${order} LIMIT ?`);
    const next = this.db.prepare(`SELECT * FROM ${table} WHERE (${order}) > (${key.map(() => '?').join(', ')}) ORDER BY ${order} LIMIT ?`);
    let page = first.all(pageSize) as ExportedRow[];
    while (page.length > 0) {
      yield page;
      if (page.length < pageSize) return;
      const last = page[page.length - 1]!;
      page = next.all(...key.map((k) => last[k]), pageSize) as ExportedRow[];
    }
  }

  /**
   * The highest seq the change log ever issued: AUTOINCREMENT's counter, which may be above
   * MAX(seq) when the newest rows were re-stamped away or purged. A tablet may hold a cursor
   * up to it, so PostgreSQL's head must start there.
   */
  changeLogHead(): number {
    const issued = (this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").pluck().get() as number | undefined) ?? 0;
    const max = (this.db.prepare('SELECT MAX(seq) FROM changes').pluck().get() as number | null) ?? 0;
    return Math.max(issued, max);
  }

  /** The content-addressed blobs the catalogue lists (sha256, size), in key order. */
  blobs(): { sha256: string; size: number }[] {
    return this.db.prepare('SELECT sha256, size FROM blobs ORDER BY sha256').all() as { sha256: string; size: number }[];
  }
}
