/**
 * SQLite and PostgreSQL share one schema version (admin migrate-to-postgres refuses to copy
 * between two versions): every migration number exists in both dialects, under the same name.
 */
import { describe, expect, it } from 'vitest';
import { listMigrations } from '../../../../server/store/sqlite/database.ts';
import { listPostgresMigrations } from '../../../../server/store/postgres/migrate.ts';

describe('the schema versions of the two dialects', () => {
  it('are the same numbers, with the same names, from 1 with no gap', () => {
    const sqlite = listMigrations().map((m) => `${m.version} ${m.name}`);
    const postgres = listPostgresMigrations().map((m) => `${m.version} ${m.name}`);
    expect(sqlite.length).toBeGreaterThan(3);
    expect(postgres).toEqual(sqlite);
    expect(listMigrations().map((m) => m.version)).toEqual(sqlite.map((_, i) => i + 1));
  });
});
