/**
 * Writing a school copied out of SQLite into PostgreSQL, for `migrate-to-postgres`: rows are
 * inserted with their ids as they are (`ON CONFLICT DO NOTHING`, so a second or resumed run
 * adds only what is missing), booleans converted from SQLite's 0/1, and the change log's head
 * raised to SQLite's so every cursor a tablet holds stays valid and new changes come after.
 */
import type { Pool } from 'pg';
import type { ExportedRow, SchoolTable } from '../sqlite/sqlite-export.ts';
import { postgresSchemaVersion } from './migrate.ts';

export class PostgresImport {
  private readonly types = new Map<string, Map<string, string>>();

  constructor(private readonly pool: Pool) {}

  schemaVersion(): Promise<number> {
    return postgresSchemaVersion(this.pool);
  }

  /** Column name → data type of a table. */
  async columns(table: SchoolTable): Promise<Map<string, string>> {
    let cols = this.types.get(table);
    if (!cols) {
      const r = await this.pool.query<{ column_name: string; data_type: string }>(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position", [table]);
      cols = new Map(r.rows.map((c) => [c.column_name, c.data_type]));
      this.types.set(table, cols);
    }
    return cols;
  }

  async count(table: SchoolTable): Promise<number> {
    return (await this.pool.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]!.n;
  }

  /** Ids and names of the schools already in the database. */
  async schools(): Promise<{ id: string; name: string }[]> {
    return (await this.pool.query<{ id: string; name: string }>('SELECT id, name FROM schools ORDER BY id')).rows;
  }

  /** Inserts the rows that are not there yet (same key or any unique value: skipped); returns how many were new. */
  async insert(table: SchoolTable, columns: string[], rows: ExportedRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const types = await this.columns(table);
    const values: unknown[] = [];
    const tuples = rows.map((row) => `(${columns.map((c) => {
      const v = row[c] ?? null;
      values.push(types.get(c) === 'boolean' && v !== null ? v === 1 || v === '1' : v);
      return `$${values.length}`;
    }).join(', ')})`);
    const r = await this.pool.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`, values);
    return r.rowCount ?? 0;
  }

  /** Raises the change log's head to `seq` (never lowers it); returns the head now. */
  async raiseChangeLogHead(seq: number): Promise<number> {
    const r = await this.pool.query<{ seq: number }>(
      'UPDATE change_log_head SET seq = GREATEST(seq, $1, (SELECT COALESCE(MAX(seq), 0) FROM changes)) WHERE id = 1 RETURNING seq', [seq]);
    return r.rows[0]!.seq;
  }
}
