/**
 * Versioned migrations for PostgreSQL, as for SQLite: ./migrations/NNN-name.sql applied in
 * order at start, each in its own transaction with its row in `schema_migrations`. Several
 * servers starting at once queue on an advisory lock, so each migration runs once.
 */
import type { Pool } from 'pg';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Migration } from '../sqlite/database.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Advisory lock key held while migrating (any constant; "cartable" in ASCII). */
const MIGRATION_LOCK = 0x63617274616c;

/** The PostgreSQL migrations shipped with this server version, sorted by version. */
export function listPostgresMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}-.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

/** Applies every migration newer than the database, up to `upTo` (default: all). Returns the versions applied. */
export async function migratePostgres(pool: Pool, migrations = listPostgresMigrations(), upTo = Infinity): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    for (const m of migrations) {
      if (m.version > upTo) break;
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
        const done = await client.query<{ one: number }>('SELECT 1 AS one FROM schema_migrations WHERE version = $1', [m.version]);
        if (done.rows.length === 0) {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
          applied.push(m.version);
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    client.release();
  }
  return applied;
}

/** The schema version of the database (0 for a new one). */
export async function postgresSchemaVersion(pool: Pool): Promise<number> {
  const r = await pool.query<{ v: number | null }>("SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 END AS v");
  if (r.rows[0]?.v === 0) return 0;
  return (await pool.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations')).rows[0]?.v ?? 0;
}
