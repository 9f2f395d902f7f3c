/**
 * Reads a backup archive and checks all of it before anything is replaced: the manifest names
 * this product and a format and schema this server knows; the database file and every blob
 * match their SHA-256; no listed blob is missing; the archive is whole; the database passes
 * SQLite's integrity check and holds the rows the manifest counts. The database is staged in
 * `workDir`; blobs go straight into the (content-addressed) store, and those this restore added
 * are taken out again when it is refused, so a refused restore leaves the data as it was.
 * App builds (format 2) are staged too: each file checked against its SHA-256, each build's
 * folder put together under `workDir` and checked against its content hash (its name) — paths
 * that would leave the folder refuse the archive — and only placed in DATA_DIR/builds once the
 * database is in (`placeBuilds`).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobChecksumError, isSha256, type BlobStore } from '../blobs/blob-store.ts';
import { DomainError, fail } from '../domain/domain-error.ts';
import { listMigrations } from '../store/sqlite/database.ts';
import { validateBackup } from '../cli/restore.ts';
import { readTar, TarError } from './tar.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, DATABASE_ENTRY, describeDatabase, MANIFEST_ENTRY, type BackupBuild, type BackupManifest } from './backup-manifest.ts';
import { readBuild, storeCheckedBuild } from '../updates/build-files.ts';

export interface StagedRestore {
  manifest: BackupManifest;
  /** The checked database, ready to be put in place. */
  dbFile: string;
  /** Puts the archive's app builds into `dataDir`/builds (those not there yet); returns how many the archive held. */
  placeBuilds(dataDir: string): number;
  /** Removes the staged files (call once the database is in place, or after a refusal). */
  cleanup(): void;
}

/** A path inside a build folder: `/`-separated names, none empty, none starting with a dot (so never `..`), no backslash or control character. */
export function isBuildPath(path: unknown): path is string {
  if (typeof path !== 'string' || path.length === 0 || path.length > 512) return false;
  // eslint-disable-next-line no-control-regex
  return path.split('/').every((name) => name.length > 0 && name.length <= 255 && !name.startsWith('.') && !/[\\\u0000-\u001f\u007f]/.test(name));
}

function validBuilds(builds: unknown): builds is BackupBuild[] {
  return Array.isArray(builds) && builds.every((b: Partial<BackupBuild> | null) => !!b && isSha256(b.files) && Array.isArray(b.entries)
    && b.entries.every((e) => !!e && isBuildPath(e.path) && isSha256(e.sha256) && Number.isSafeInteger(e.size) && e.size >= 0));
}

const MANIFEST_LIMIT = 64 * 1024 * 1024;

/** Writes an entry's bytes to `file` (0600); refused when they do not match `sha256`. */
async function writeChecked(body: AsyncIterable<Buffer>, file: string, sha256: string, entry: string): Promise<void> {
  const hash = createHash('sha256');
  const tap = new Transform({ transform(chunk: Buffer, _e, done) { hash.update(chunk); done(null, chunk); } });
  await pipeline(Readable.from(body), tap, createWriteStream(file, { mode: 0o600 }));
  if (hash.digest('hex') !== sha256) throw fail('restore_checksum_mismatch', { entry });
}

function parseManifest(bytes: Buffer): BackupManifest {
  let m: unknown;
  try {
    m = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw fail('restore_not_cartable');
  }
  const x = m as Partial<BackupManifest> | null;
  if (!x || x.format !== BACKUP_FORMAT || typeof x.formatVersion !== 'number') throw fail('restore_not_cartable');
  if (x.formatVersion > BACKUP_FORMAT_VERSION) throw fail('restore_newer_format');
  const known = Math.max(...listMigrations().map((v) => v.version));
  if (typeof x.schemaVersion !== 'number' || !x.database || !Array.isArray(x.blobs) || !x.counts || !Array.isArray(x.schools)) throw fail('restore_not_cartable');
  if (x.schemaVersion > known) throw fail('restore_newer_schema', { version: x.schemaVersion, known });
  if (!isSha256(x.database.sha256) || x.blobs.some((b) => !isSha256(b?.sha256))) throw fail('restore_not_cartable');
  if (x.builds !== undefined && !validBuilds(x.builds)) throw fail('restore_not_cartable');
  return x as BackupManifest;
}

/** Reads `input` (an archive), checks it and stages it; throws a DomainError (restore_*) when it is refused. */
/** `accept` may refuse the archive from its manifest alone, before any byte of it is kept. */
export async function stageRestore(input: Readable, blobs: BlobStore, workDir: string, accept: (m: BackupManifest) => void = () => undefined): Promise<StagedRestore> {
  const dir = mkdtempSync(join(workDir, 'cartable-restore-'));
  const dbFile = join(dir, DATABASE_ENTRY);
  const added: string[] = [];
  let manifest: BackupManifest | null = null;
  let dbSeen = false;
  const blobsSeen = new Set<string>();
  const buildFiles = join(dir, 'buildfiles');
  const buildFilesSeen = new Set<string>();
  /** The contents the manifest's builds list: each `buildfiles/<sha256>` entry must be one of them. */
  let buildFilesListed = new Set<string>();
  try {
    await readTar(input, async (entry, body) => {
      if (!manifest) {
        if (entry.name !== MANIFEST_ENTRY || entry.size > MANIFEST_LIMIT) throw fail('restore_not_cartable');
        const chunks: Buffer[] = [];
        for await (const c of body) chunks.push(c);
        manifest = parseManifest(Buffer.concat(chunks));
        buildFilesListed = new Set((manifest.builds ?? []).flatMap((b) => b.entries.map((e) => e.sha256)));
        accept(manifest);
        return;
      }
      const m: BackupManifest = manifest;
      if (entry.name === DATABASE_ENTRY && !dbSeen) {
        await writeChecked(body, dbFile, m.database.sha256, entry.name);
        dbSeen = true;
        return;
      }
      const buildSha = /^buildfiles\/([0-9a-f]{64})$/.exec(entry.name)?.[1];
      if (buildSha) {
        if (buildFilesSeen.has(buildSha) || !buildFilesListed.has(buildSha)) throw fail('restore_not_cartable');
        mkdirSync(buildFiles, { recursive: true });
        await writeChecked(body, join(buildFiles, buildSha), buildSha, entry.name);
        buildFilesSeen.add(buildSha);
        return;
      }
      const sha = /^blobs\/([0-9a-f]{64})$/.exec(entry.name)?.[1];
      if (!sha || !m.blobs.some((b) => b.sha256 === sha)) throw fail('restore_not_cartable');
      if (await blobs.has(sha)) {
        // Already here, so nothing to store, but a damaged archive is refused all the same.
        const hash = createHash('sha256');
        for await (const c of body) hash.update(c);
        if (hash.digest('hex') !== sha) throw fail('restore_checksum_mismatch', { entry: entry.name });
        blobsSeen.add(sha);
        return;
      }
      try {
        await blobs.put({ stream: Readable.from(body) }, { expectedSha256: sha });
      } catch (err) {
        if (err instanceof BlobChecksumError) throw fail('restore_checksum_mismatch', { entry: entry.name });
        throw err;
      }
      added.push(sha);
      blobsSeen.add(sha);
    });
    const m = manifest as BackupManifest | null;
    if (!m || !dbSeen) throw fail('restore_truncated');
    for (const b of m.blobs) {
      if (!blobsSeen.has(b.sha256) && !(await blobs.has(b.sha256))) throw fail('restore_blob_missing', { sha256: b.sha256 });
    }
    try {
      validateBackup(dbFile);
    } catch {
      throw fail('restore_damaged');
    }
    const described = describeDatabase(dbFile);
    for (const [table, n] of Object.entries(m.counts)) if (described.counts[table] !== n) throw fail('restore_damaged');
    // Every build put together and checked whole before anything is replaced.
    const staged = join(dir, 'builds');
    for (const b of m.builds ?? []) {
      const folder = join(staged, b.files);
      for (const e of b.entries) {
        if (!buildFilesSeen.has(e.sha256)) throw fail('restore_blob_missing', { sha256: e.sha256 });
        const to = join(folder, ...e.path.split('/'));
        mkdirSync(dirname(to), { recursive: true });
        copyFileSync(join(buildFiles, e.sha256), to);
      }
      let content: string;
      try {
        content = readBuild(folder).files;
      } catch {
        throw fail('restore_damaged');
      }
      if (content !== b.files) throw fail('restore_checksum_mismatch', { entry: `builds/${b.files}` });
    }
    const placeBuilds = (dataDir: string) => {
      for (const b of m.builds ?? []) storeCheckedBuild(dataDir, join(staged, b.files), b.files);
      return m.builds?.length ?? 0;
    };
    return { manifest: m, dbFile, placeBuilds, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    for (const sha of added) await blobs.delete(sha); // only what this restore brought in
    // Before its manifest a file is nobody's backup; after it, an early end means a cut archive.
    if (err instanceof TarError) throw fail(err.reason === 'truncated' && manifest ? 'restore_truncated' : 'restore_not_cartable');
    if (err instanceof DomainError) throw err;
    throw err;
  }
}
