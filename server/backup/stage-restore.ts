/**
 * Reads a backup archive and checks all of it before anything is replaced: the manifest names
 * this product and a format and schema this server knows; the database file and every blob
 * match their SHA-256; no listed blob is missing; the archive is whole; the database passes
 * SQLite's integrity check and holds the rows the manifest counts. The database is staged in
 * `workDir`; blobs go straight into the (content-addressed) store, and those this restore added
 * are taken out again when it is refused, so a refused restore leaves the data as it was.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobChecksumError, isSha256, type BlobStore } from '../blobs/blob-store.ts';
import { DomainError, fail } from '../domain/domain-error.ts';
import { listMigrations } from '../store/sqlite/database.ts';
import { validateBackup } from '../cli/restore.ts';
import { readTar, TarError } from './tar.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, DATABASE_ENTRY, describeDatabase, MANIFEST_ENTRY, type BackupManifest } from './backup-manifest.ts';

export interface StagedRestore {
  manifest: BackupManifest;
  /** The checked database, ready to be put in place. */
  dbFile: string;
  /** Removes the staged files (call once the database is in place, or after a refusal). */
  cleanup(): void;
}

const MANIFEST_LIMIT = 64 * 1024 * 1024;

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
  try {
    await readTar(input, async (entry, body) => {
      if (!manifest) {
        if (entry.name !== MANIFEST_ENTRY || entry.size > MANIFEST_LIMIT) throw fail('restore_not_cartable');
        const chunks: Buffer[] = [];
        for await (const c of body) chunks.push(c);
        manifest = parseManifest(Buffer.concat(chunks));
        accept(manifest);
        return;
      }
      const m: BackupManifest = manifest;
      if (entry.name === DATABASE_ENTRY && !dbSeen) {
        const hash = createHash('sha256');
        const tap = new Transform({ transform(chunk: Buffer, _e, done) { hash.update(chunk); done(null, chunk); } });
        await pipeline(Readable.from(body), tap, createWriteStream(dbFile, { mode: 0o600 }));
        if (hash.digest('hex') !== m.database.sha256) throw fail('restore_checksum_mismatch', { entry: DATABASE_ENTRY });
        dbSeen = true;
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
    return { manifest: m, dbFile, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    for (const sha of added) await blobs.delete(sha); // only what this restore brought in
    // Before its manifest a file is nobody's backup; after it, an early end means a cut archive.
    if (err instanceof TarError) throw fail(err.reason === 'truncated' && manifest ? 'restore_truncated' : 'restore_not_cartable');
    if (err instanceof DomainError) throw err;
    throw err;
  }
}
