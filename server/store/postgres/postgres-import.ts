/**
 * Writing a school copied out of SQLite into PostgreSQL, for `migrate-to-postgres`: rows are
 * inserted with their ids as they are (`ON CONFLICT DO NOTHING`, so a second or resumed run
 * adds only what is missing), booleans converted from SQLite's 0/1, the change log's head
 * raised to SQLite's so every cursor a tablet holds stays valid and new changes come after,
 * serial columns (the audit log's id) moved past the copied ids, and each table's content
 * digested the way SQLite's is (server/store/row-digest.ts) for the verification.
 */
import type { Pool } from 'pg';
import type { ExportedRow } from '../sqlite/sqlite-export.ts';
import { canonical, RowDigest, type CanonicalValue } from '../row-digest.ts';
import { postgresSchemaVersion } from './migrate.ts';

/** PostgreSQL's own bookkeeping, not the school's: no SQLite twin, never copied. */
export const POSTGRES_ONLY = ['schema_migrations', 'change_log_head'] as const;

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

export class PostgresImport {
  private readonly types = new Map<string, Map<string, string>>();

  constructor(private readonly pool: Pool) {}

  schemaVersion(): Promise<number> {
    return postgresSchemaVersion(this.pool);
  }

  /** The school's tables in this database (its own bookkeeping left out). */
  async tables(): Promise<string[]> {
    const r = await this.pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name");
    return r.rows.map((t) => t.table_name).filter((t) => !(POSTGRES_ONLY as readonly string[]).includes(t));
  }

  /** Column name → data type of a table. */
  async columns(table: string): Promise<Map<string, string>> {
    let cols = this.types.get(table);
    if (!cols) {
      const r = await this.pool.query<{ column_name: string; data_type: string }>(
        'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position', [table]);
      cols = new Map(r.rows.map((c) => [c.column_name, c.data_type]));
      this.types.set(table, cols);
    }
    return cols;
  }

  async count(table: string): Promise<number> {
    return (await this.pool.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${quoteId(table)}`)).rows[0]!.n;
  }

  /** Ids and names of the schools already in the database. */
  async schools(): Promise<{ id: string; name: string }[]> {
    return (await this.pool.query<{ id: string; name: string }>('SELECT id, name FROM schools ORDER BY id')).rows;
  }

  /** Inserts the rows that are not there yet (same key or any unique value: skipped); returns how many were new. */
  async insert(table: string, columns: string[], rows: ExportedRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const types = await this.columns(table);
    const values: unknown[] = [];
    const tuples = rows.map((row) => `(${columns.map((c) => {
      const v = row[c] ?? null;
      values.push(types.get(c) === 'boolean' && v !== null ? v === 1 || v === '1' : v);
      return `$${values.length}`;
    }).join(', ')})`);
    const r = await this.pool.query(`INSERT INTO ${quoteId(table)} (${columns.map(quoteId).join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`, values);
    return r.rowCount ?? 0;
  }

  /**
   * Moves every serial column of `table` (a BIGSERIAL id) past `floor` and past the highest
   * value the table holds: rows copied with their ids leave the sequence behind, and the next
   * insert would collide with a copied row. Never moves a sequence back.
   */
  async raiseSequences(table: string, floor: number): Promise<void> {
    const serials = await this.pool.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_default LIKE 'nextval(%'", [table]);
    for (const { column_name: col } of serials.rows) {
      const seq = (await this.pool.query<{ seq: string }>('SELECT pg_get_serial_sequence($1, $2) AS seq', [quoteId(table), col])).rows[0]!.seq;
      // last_value is the last one given only once is_called; before, nextval gives last_value itself.
      const given = (await this.pool.query<{ n: number }>(`SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END AS n FROM ${seq}`)).rows[0]!.n;
      const max = (await this.pool.query<{ n: number }>(`SELECT COALESCE(MAX(${quoteId(col)}), 0) AS n FROM ${quoteId(table)}`)).rows[0]!.n;
      const target = Math.max(Number(given), floor, Number(max));
      if (target > Number(given)) await this.pool.query('SELECT setval($1::regclass, $2, true)', [seq, target]);
    }
  }

  /** Every row of a table in the canonical form (server/store/row-digest.ts), in pages read through a cursor. */
  async *canonicalRows(table: string): AsyncGenerator<Record<string, CanonicalValue>[]> {
    const types = await this.columns(table);
    const select = [...types].map(([c, t]) => (t === 'json' || t === 'jsonb' ? `${quoteId(c)}::text AS ${quoteId(c)}` : quoteId(c))).join(', ');
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(`DECLARE rows NO SCROLL CURSOR FOR SELECT ${select} FROM ${quoteId(table)}`);
      for (;;) {
        const page = await client.query<Record<string, unknown>>('FETCH 1000 FROM rows');
        if (page.rows.length > 0) yield page.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, canonical(v)])));
        if (page.rows.length < 1000) break;
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** The digest of a table's content, as SqliteExport.digest gives SQLite's (JSON read as its stored text). */
  async digest(table: string): Promise<{ rows: number; sha256: string }> {
    const d = new RowDigest();
    for await (const page of this.canonicalRows(table)) for (const row of page) d.add(row);
    return { rows: d.rows, sha256: d.hex() };
  }

  /** Raises the change log's head to `seq` (never lowers it); returns the head now. */
  async raiseChangeLogHead(seq: number): Promise<number> {
    const r = await this.pool.query<{ seq: number }>(
      'UPDATE change_log_head SET seq = GREATEST(seq, $1, (SELECT COALESCE(MAX(seq), 0) FROM changes)) WHERE id = 1 RETURNING seq', [seq]);
    return r.rows[0]!.seq;
  }
}
