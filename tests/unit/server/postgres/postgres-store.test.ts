/** PostgreSQL selected by DATABASE_URL: migrations at start (once), backup refused with a code, the banner line. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PostgresDatabase } from '../../../../server/store/postgres/postgres-database.ts';
import { listPostgresMigrations, migratePostgres, postgresSchemaVersion } from '../../../../server/store/postgres/migrate.ts';
import { describeStore, storeFromEnv } from '../../../../server/store/open-store.ts';
import { createServices } from '../../../../server/services.ts';
import { FsBlobStore } from '../../../../server/blobs/fs-blob-store.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { DomainError } from '../../../../server/domain/domain-error.ts';
import { startTestPostgres, type TestPostgres } from '../../../helpers/test-postgres.ts';

let server: TestPostgres;
beforeAll(async () => { server = await startTestPostgres(); });
afterAll(async () => { await server?.stop(); });

describe('the PostgreSQL store', () => {
  it('migrates an empty database at open, once, even when two servers open it at the same time', async () => {
    const pool = new pg.Pool({ connectionString: server.url });
    try {
      expect(await postgresSchemaVersion(pool)).toBe(0);
      const [x, y] = await Promise.all([PostgresDatabase.open(server.url), PostgresDatabase.open(server.url)]);
      await Promise.all([x.close(), y.close()]);
      const latest = listPostgresMigrations().at(-1)!.version;
      expect(await postgresSchemaVersion(pool)).toBe(latest);
      expect(await migratePostgres(pool)).toEqual([]);
      const rows = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.rows.map((r) => r.version)).toEqual(listPostgresMigrations().map((m) => m.version));
    } finally {
      await pool.end();
    }
  });

  it('refuses an online backup with a code (PostgreSQL is backed up with pg_dump), never a crash', async () => {
    const db = await PostgresDatabase.open(server.url);
    const dir = mkdtempSync(join(tmpdir(), 'cartable-pg-backup-'));
    try {
      const s = createServices(db, new FsBlobStore(dir));
      const err = await s.backup.archive(SYSTEM).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('backup_use_pg_dump');
      const restore = await s.backup.restore(SYSTEM, Readable.from([Buffer.alloc(1024)])).then(() => null, (e: unknown) => e);
      expect((restore as DomainError).code).toMatch(/^restore_|backup_use_pg_dump/);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is chosen by DATABASE_URL, and the start banner names it without the password', () => {
    expect(storeFromEnv({}, '/srv/data')).toEqual({ kind: 'sqlite', file: '/srv/data/cartable.sqlite' });
    expect(describeStore(storeFromEnv({}, '/srv/data'))).toBe('Database: SQLite, /srv/data/cartable.sqlite');
    const pgChoice = storeFromEnv({ DATABASE_URL: 'postgres://cartable:s3cret@db.example:5432/cartable' }, '/srv/data');
    expect(pgChoice).toEqual({ kind: 'postgres', url: 'postgres://cartable:s3cret@db.example:5432/cartable' });
    expect(describeStore(pgChoice)).toBe('Database: PostgreSQL, postgres://cartable:***@db.example:5432/cartable');
    expect(() => storeFromEnv({ DATABASE_URL: 'mysql://x@y/z' }, '/srv/data')).toThrow(/PostgreSQL URL/);
  });
});
