/**
 * `npm run admin -- migrate-to-postgres`: moves one SQLite school server (DATA_DIR's
 * cartable.sqlite and blobs/) into the PostgreSQL of DATABASE_URL and the blob store of the
 * S3_* variables (or a folder, --blobs-to), keeping every id, so sessions, tablets' device
 * tokens, cursors and attachment ids all stay valid; DATA_DIR itself (server.key, uploads/)
 * is kept by the new server.
 *
 * Order: the blobs first (each sent with its SHA-256 checked), then the rows, parents first,
 * in pages, each inserted unless already there — so a row in PostgreSQL always has its bytes,
 * and a run that stopped half-way is simply run again. Then the change log's head is raised to
 * the highest seq SQLite ever issued: a tablet's cursor still means the same point, and new
 * changes get higher seqs. Last, it verifies: rows per table equal, and every blob read back
 * from the target hashes to its key. It refuses while a server uses DATA_DIR (rows changing
 * under the copy), and a PostgreSQL that holds another school: two change logs cannot be merged
 * without invalidating one school's cursors (docs/SCALING.md: one database per shard, each
 * school created there, or migrated into a database of its own).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { openDatabase } from '../store/sqlite/database.ts';
import { SCHOOL_TABLES, SqliteExport, type SchoolTable } from '../store/sqlite/sqlite-export.ts';
import { PostgresDatabase } from '../store/postgres/postgres-database.ts';
import { PostgresImport } from '../store/postgres/postgres-import.ts';
import type { BlobStore } from '../blobs/blob-store.ts';
import { FsBlobStore } from '../blobs/fs-blob-store.ts';
import { runningServerPid } from './restore.ts';

export interface MigrateOptions {
  dataDir: string;
  databaseUrl: string;
  /** Where the media go; null: they stay in DATA_DIR/blobs (nothing to copy, still verified). */
  target: BlobStore | null;
  /** How the target is named in the report ("S3 bucket cartable at http://…"). */
  targetLabel: string;
}

export interface TableCheck { table: SchoolTable; sqlite: number; postgres: number; copied: number; ok: boolean }
export interface MigrateReport {
  tables: TableCheck[];
  blobs: { sqlite: number; verified: number; copied: number; missingInSource: string[]; badInTarget: string[]; ok: boolean };
  changeLogHead: number;
  copiedRows: number;
  ok: boolean;
}

/** Thrown for a refusal (nothing copied); the CLI prints the message. */
export class MigrationRefused extends Error {}

export async function migrateToPostgres(o: MigrateOptions, log: (line: string) => void): Promise<MigrateReport> {
  const file = join(o.dataDir, 'cartable.sqlite');
  if (!existsSync(file)) throw new MigrationRefused(`There is no SQLite database in ${o.dataDir} (cartable.sqlite): nothing to migrate.`);
  const pid = runningServerPid(o.dataDir);
  if (pid !== null) throw new MigrationRefused(`A server (pid ${pid}) is using ${o.dataDir}: stop it first, so nothing changes during the copy.`);

  const sqlite = openDatabase(file); // upgraded to this version's schema, as a start would
  const pg = await PostgresDatabase.open(o.databaseUrl);
  try {
    const from = new SqliteExport(sqlite);
    const to = new PostgresImport(pg.pool);
    if (from.schemaVersion() !== (await to.schemaVersion())) {
      throw new MigrationRefused(`Schema versions differ (SQLite ${from.schemaVersion()}, PostgreSQL ${await to.schemaVersion()}): run the same Cartable version on both.`);
    }
    await refuseOtherSchools(from, to);
    for (const table of SCHOOL_TABLES) {
      const a = [...from.columns(table)].sort().join(',');
      const b = [...(await to.columns(table)).keys()].sort().join(',');
      if (a !== b) throw new MigrationRefused(`Table ${table} has other columns in SQLite (${a}) and PostgreSQL (${b}).`);
    }

    const source = new FsBlobStore(join(o.dataDir, 'blobs'));
    const blobs = from.blobs();
    const missingInSource: string[] = [];
    let copiedBlobs = 0;
    if (o.target) {
      for (const b of blobs) {
        if ((await o.target.stat(b.sha256))?.size === b.size) continue;
        if (!(await source.has(b.sha256))) { missingInSource.push(b.sha256); continue; }
        await o.target.put({ path: source.pathOf(b.sha256) }, { expectedSha256: b.sha256 });
        copiedBlobs++;
      }
    }

    const copied = new Map<SchoolTable, number>();
    for (const table of SCHOOL_TABLES) {
      const columns = from.columns(table);
      let n = 0;
      for (const page of from.pages(table)) n += await to.insert(table, columns, page);
      copied.set(table, n);
    }
    const changeLogHead = await to.raiseChangeLogHead(from.changeLogHead());

    // Verification, from what is stored now on both sides.
    const tables: TableCheck[] = [];
    for (const table of SCHOOL_TABLES) {
      const s = from.count(table);
      const p = await to.count(table);
      tables.push({ table, sqlite: s, postgres: p, copied: copied.get(table) ?? 0, ok: s === p });
    }
    const store = o.target ?? source;
    const badInTarget: string[] = [];
    for (const b of blobs) if (!missingInSource.includes(b.sha256) && (await sha256Of(store, b.sha256)) !== b.sha256) badInTarget.push(b.sha256);
    const blobCheck = { sqlite: blobs.length, verified: blobs.length - badInTarget.length - missingInSource.length, copied: copiedBlobs, missingInSource, badInTarget, ok: badInTarget.length === 0 && missingInSource.length === 0 };
    const copiedRows = [...copied.values()].reduce((x, y) => x + y, 0);
    const report: MigrateReport = { tables, blobs: blobCheck, changeLogHead, copiedRows, ok: tables.every((t) => t.ok) && blobCheck.ok };
    for (const line of formatReport(report, o.targetLabel)) log(line);
    return report;
  } finally {
    sqlite.close();
    await pg.close();
  }
}

async function refuseOtherSchools(from: SqliteExport, to: PostgresImport): Promise<void> {
  const ours = new Set<string>();
  for (const page of from.pages('schools')) for (const s of page) ours.add(String(s.id));
  const other = (await to.schools()).filter((s) => !ours.has(s.id));
  if (other.length) {
    throw new MigrationRefused(`The PostgreSQL database already holds another school: ${other.map((s) => `« ${s.name} » (${s.id})`).join(', ')}. `
      + 'migrate-to-postgres copies a school server into a database of its own (a server started on it first seeds a demo school: start it with DEMO=0, or use a new database).');
  }
}

/** The SHA-256 of a stored blob, read back as a stream (null when absent). */
async function sha256Of(store: BlobStore, sha256: string): Promise<string | null> {
  const stream = await store.open(sha256);
  if (!stream) return null;
  const hash = createHash('sha256');
  await pipeline(stream, new Writable({ write(chunk: Buffer, _e, done) { hash.update(chunk); done(); } }));
  return hash.digest('hex');
}

/** The report as printed: one row per table (no words to translate: names and numbers), then the blobs and a verdict. */
export function formatReport(r: MigrateReport, targetLabel: string): string[] {
  const w = Math.max(...r.tables.map((t) => t.table.length), 'blob bytes'.length);
  const row = (a: string, b: string, c: string, d: string) => `${a.padEnd(w)}  ${b.padStart(8)}  ${c.padStart(10)}  ${d}`;
  const lines = [row('table', 'SQLite', 'PostgreSQL', 'ok')];
  for (const t of r.tables) lines.push(row(t.table, String(t.sqlite), String(t.postgres), t.ok ? 'ok' : 'DIFFERENT'));
  lines.push(row('blob bytes', String(r.blobs.sqlite), `${r.blobs.verified}`, r.blobs.ok ? 'ok (sha-256)' : 'DIFFERENT'));
  lines.push('');
  lines.push(`Media: ${targetLabel}.`);
  for (const s of r.blobs.missingInSource) lines.push(`Missing in DATA_DIR/blobs (listed in the database, no file): ${s}`);
  for (const s of r.blobs.badInTarget) lines.push(`Not readable or not matching its SHA-256 in the target: ${s}`);
  lines.push(`Change log continues after seq ${r.changeLogHead}: tablets keep their cursors.`);
  if (r.copiedRows === 0 && r.blobs.copied === 0) lines.push('Nothing new to copy: the target already held all of it.');
  else lines.push(`Copied ${r.copiedRows} rows and ${r.blobs.copied} blobs.`);
  lines.push(r.ok
    ? 'Verified: every table has as many rows in PostgreSQL as in SQLite, every blob matches its SHA-256. Start the server with DATABASE_URL (and S3_*), the same DATA_DIR.'
    : 'NOT verified: see the lines above; run the command again once fixed (it copies only what is missing).');
  return lines;
}
