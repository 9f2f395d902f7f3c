/**
 * `npm run admin -- migrate-to-postgres`: moves one SQLite school server (DATA_DIR's
 * cartable.sqlite and blobs/) into the PostgreSQL of DATABASE_URL and the blob store of the
 * S3_* variables (or a folder, --blobs-to), keeping every id, so sessions, tablets' device
 * tokens, cursors and attachment ids all stay valid; DATA_DIR itself (server.key, uploads/)
 * is kept by the new server.
 *
 * What: EVERY table of the SQLite schema (read from the schema, not a list: a table a later
 * migration adds is copied too, and one PostgreSQL lacks is refused by name), every blob any
 * row names, and a check of the app builds' folders (they stay in DATA_DIR/builds).
 * Order: the blobs first (each sent with its SHA-256 checked), then the rows, parents first,
 * in pages, each inserted unless already there — so a row in PostgreSQL always has its bytes,
 * and a run that stopped half-way is simply run again. Serial ids (the audit log's) continue
 * after the copied ones, and the change log's head is raised to
 * the highest seq SQLite ever issued: a tablet's cursor still means the same point, and new
 * changes get higher seqs. Last, it verifies: per table, as many rows and the same content (a
 * digest of every row on each side), and every blob read back from the target hashes to its key. It refuses while a server uses DATA_DIR (rows changing
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
import { SqliteExport } from '../store/sqlite/sqlite-export.ts';
import { PostgresDatabase } from '../store/postgres/postgres-database.ts';
import { PostgresImport } from '../store/postgres/postgres-import.ts';
import type { BlobStore } from '../blobs/blob-store.ts';
import { FsBlobStore } from '../blobs/fs-blob-store.ts';
import { buildFilesDir, readBuild } from '../updates/build-files.ts';
import { runningServerPid } from './restore.ts';

export interface MigrateOptions {
  dataDir: string;
  databaseUrl: string;
  /** Where the media go; null: they stay in DATA_DIR/blobs (nothing to copy, still verified). */
  target: BlobStore | null;
  /** How the target is named in the report ("S3 bucket cartable at http://…"). */
  targetLabel: string;
}

/** One table: rows on each side, rows copied by this run, and whether the content is the same (counts and digests). */
export interface TableCheck { table: string; sqlite: number; postgres: number; copied: number; sameContent: boolean; ok: boolean }
export interface MigrateReport {
  tables: TableCheck[];
  blobs: { sqlite: number; verified: number; copied: number; missingInSource: string[]; badInTarget: string[]; ok: boolean };
  /** App builds' folders (DATA_DIR/builds/<sha256>, kept in DATA_DIR): how many, and those missing or not matching their name. */
  builds: { files: number; bad: string[]; ok: boolean };
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
    const tables = await tablesToCopy(from, to);
    await refuseOtherSchools(from, to);
    await refuseRowsOfItsOwn(from, to, tables);

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
    } else {
      for (const b of blobs) if (!(await source.has(b.sha256))) missingInSource.push(b.sha256);
    }

    const copied = new Map<string, number>();
    for (const table of tables) {
      const columns = from.columns(table);
      let n = 0;
      for (const page of from.pages(table)) n += await to.insert(table, columns, page);
      copied.set(table, n);
      await to.raiseSequences(table, from.autoincrementHead(table));
    }
    const changeLogHead = await to.raiseChangeLogHead(from.changeLogHead());

    // Verification, from what is stored now on both sides: as many rows, and the same rows.
    const checks: TableCheck[] = [];
    for (const table of tables) {
      const s = from.digest(table);
      const p = await to.digest(table);
      const sameContent = s.sha256 === p.sha256;
      checks.push({ table, sqlite: s.rows, postgres: p.rows, copied: copied.get(table) ?? 0, sameContent, ok: s.rows === p.rows && sameContent });
    }
    const store = o.target ?? source;
    const badInTarget: string[] = [];
    for (const b of blobs) if (!missingInSource.includes(b.sha256) && (await sha256Of(store, b.sha256)) !== b.sha256) badInTarget.push(b.sha256);
    const blobCheck = { sqlite: blobs.length, verified: blobs.length - badInTarget.length - missingInSource.length, copied: copiedBlobs, missingInSource, badInTarget, ok: badInTarget.length === 0 && missingInSource.length === 0 };
    const buildFiles = from.buildFiles();
    const badBuilds = buildFiles.filter((f) => !buildIntact(o.dataDir, f));
    const builds = { files: buildFiles.length, bad: badBuilds, ok: badBuilds.length === 0 };
    const copiedRows = [...copied.values()].reduce((x, y) => x + y, 0);
    const report: MigrateReport = { tables: checks, blobs: blobCheck, builds, changeLogHead, copiedRows, ok: checks.every((t) => t.ok) && blobCheck.ok && builds.ok };
    for (const line of formatReport(report, o.targetLabel)) log(line);
    return report;
  } finally {
    sqlite.close();
    await pg.close();
  }
}

/**
 * Every table of the SQLite schema, parents first — refused, naming them, when PostgreSQL's
 * tables or columns are not the same (a table is never left behind unsaid).
 */
async function tablesToCopy(from: SqliteExport, to: PostgresImport): Promise<string[]> {
  let tables: string[];
  try {
    tables = from.tables();
  } catch (err) {
    throw new MigrationRefused((err as Error).message);
  }
  const theirs = await to.tables();
  const onlySqlite = tables.filter((t) => !theirs.includes(t));
  const onlyPostgres = theirs.filter((t) => !tables.includes(t));
  if (onlySqlite.length || onlyPostgres.length) {
    throw new MigrationRefused(`The two schemas do not have the same tables (only in SQLite: ${onlySqlite.join(', ') || 'none'}; only in PostgreSQL: ${onlyPostgres.join(', ') || 'none'}).`);
  }
  for (const table of tables) {
    const a = [...from.columns(table)].sort().join(',');
    const b = [...(await to.columns(table)).keys()].sort().join(',');
    if (a !== b) throw new MigrationRefused(`Table ${table} has other columns in SQLite (${a}) and PostgreSQL (${b}).`);
  }
  return tables;
}

/**
 * Refuses a target that holds rows this SQLite server does not hold exactly (by key and
 * value): a server started on it first registered its app build and wrote its audit log, and
 * copying over them would skip the source's rows that collide (same id or number) and leave a
 * mixture. An empty database, or one this command filled before (a cut or second run), passes.
 */
async function refuseRowsOfItsOwn(from: SqliteExport, to: PostgresImport, tables: string[]): Promise<void> {
  const foreign: string[] = [];
  for (const table of tables) {
    if ((await to.count(table)) === 0) continue;
    let n = 0;
    for await (const page of to.canonicalRows(table)) for (const row of page) if (!from.holds(table, row)) n++;
    if (n > 0) foreign.push(`${table}: ${n}`);
  }
  if (foreign.length) {
    throw new MigrationRefused(`The PostgreSQL database holds rows that are not this SQLite server's (${foreign.join(', ')}): `
      + 'migrate-to-postgres copies a school server into a new, empty database — create one, and start no server on it before the copy.');
  }
}

/** An app build's folder is there and its content still hashes to its name (it stays in DATA_DIR, which the new server keeps). */
function buildIntact(dataDir: string, files: string): boolean {
  try {
    return readBuild(buildFilesDir(dataDir, files)).files === files;
  } catch {
    return false;
  }
}

async function refuseOtherSchools(from: SqliteExport, to: PostgresImport): Promise<void> {
  const ours = new Set<string>();
  for (const page of from.pages('schools')) for (const s of page) ours.add(String(s.id));
  const other = (await to.schools()).filter((s) => !ours.has(s.id));
  if (other.length) {
    throw new MigrationRefused(`The PostgreSQL database already holds another school: ${other.map((s) => `« ${s.name} » (${s.id})`).join(', ')}. `
      + 'migrate-to-postgres copies a school server into a new, empty database of its own (a server started on it first seeded a demo school: create a new database and start no server on it before the copy).');
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
  for (const t of r.tables) lines.push(row(t.table, String(t.sqlite), String(t.postgres), t.ok ? 'ok' : t.sqlite === t.postgres ? 'DIFFERENT CONTENT' : 'DIFFERENT'));
  lines.push(row('blob bytes', String(r.blobs.sqlite), `${r.blobs.verified}`, r.blobs.ok ? 'ok (sha-256)' : 'DIFFERENT'));
  if (r.builds.files > 0) lines.push(row('app builds', String(r.builds.files), String(r.builds.files - r.builds.bad.length), r.builds.ok ? 'ok (sha-256, kept in DATA_DIR/builds)' : 'DIFFERENT'));
  lines.push('');
  lines.push(`Media: ${targetLabel}.`);
  for (const s of r.blobs.missingInSource) lines.push(`Missing in DATA_DIR/blobs (listed in the database, no file): ${s}`);
  for (const s of r.blobs.badInTarget) lines.push(`Not readable or not matching its SHA-256 in the target: ${s}`);
  for (const s of r.builds.bad) lines.push(`App build files missing or changed in DATA_DIR/builds/${s}: register that build again (npm run admin -- register-build).`);
  lines.push(`Change log continues after seq ${r.changeLogHead}: tablets keep their cursors.`);
  if (r.copiedRows === 0 && r.blobs.copied === 0) lines.push('Nothing new to copy: the target already held all of it.');
  else lines.push(`Copied ${r.copiedRows} rows and ${r.blobs.copied} blobs.`);
  lines.push(r.ok
    ? 'Verified: every table of the SQLite schema has the same rows in PostgreSQL (counts and a SHA-256 of their content), every blob matches its SHA-256. Start the server with DATABASE_URL (and S3_*), the same DATA_DIR.'
    : 'NOT verified: see the lines above; run the command again once fixed (it copies only what is missing).');
  return lines;
}
