/**
 * Writes the backup archive: a tar holding `manifest.json`, `cartable.sqlite` (an online
 * SQLite backup: a consistent snapshot while the server keeps writing) and `blobs/<sha256>`
 * for every blob that snapshot references. The snapshot is taken first, into `workDir`; the
 * archive is then streamed, never held in memory. A referenced blob missing from the store
 * refuses the backup (backup_blob_missing) before a byte is sent: a backup holds everything.
 * The app builds the database names travel too (format 2): each file of DATA_DIR/builds/<files>
 * listed in the manifest by path and SHA-256, its bytes once per content in `buildfiles/<sha256>`,
 * so a server restored on a new machine serves every tablet the build it was given. A build whose
 * folder is not on this server (it was never here, see main.ts) is left out, not refused: it is
 * code, registered again from its folder, not pupils' work.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { BlobStore } from '../blobs/blob-store.ts';
import { fail } from '../domain/domain-error.ts';
import { currentServerKey } from '../auth/server-key.ts';
import { tarHeader, tarPadding, TAR_END } from './tar.ts';
import {
  BACKUP_FORMAT, BACKUP_FORMAT_VERSION, blobEntry, buildFileEntry, DATABASE_ENTRY, describeDatabase, hashFile, MANIFEST_ENTRY, type BackupBuild, type BackupManifest,
} from './backup-manifest.ts';
import { buildFilesDir, isComplete, listFiles } from '../updates/build-files.ts';

export interface BackupArchive {
  manifest: BackupManifest;
  /** The archive's bytes; the snapshot is removed when it ends or is destroyed. */
  stream: Readable;
  /** Exact size of the archive in bytes. */
  size: number;
}

const padded = (n: number) => n + tarPadding(n).length;

/**
 * One entry named by its content: header, bytes, padding. Fewer bytes than announced (or, with
 * `checkHash`, other bytes) refuse the backup (backup_blob_missing) rather than end a tar that lies.
 */
async function* contentEntry(name: string, sha256: string, size: number, body: AsyncIterable<unknown>, mtime: number, opts: { checkHash?: boolean } = {}): AsyncGenerator<Buffer> {
  yield tarHeader(name, size, mtime);
  const hash = opts.checkHash ? createHash('sha256') : null;
  let sent = 0;
  for await (const chunk of body) {
    hash?.update(chunk as Buffer);
    sent += (chunk as Buffer).length;
    yield chunk as Buffer;
  }
  if (sent !== size || (hash && hash.digest('hex') !== sha256)) throw fail('backup_blob_missing', { sha256 });
  yield tarPadding(size);
}

/** The builds of `folders` found in `dataDir`/builds, each file hashed; and where each content's bytes are read from. */
async function describeBuilds(dataDir: string, folders: string[]): Promise<{ builds: BackupBuild[]; sources: Map<string, { file: string; size: number }> }> {
  const builds: BackupBuild[] = [];
  const sources = new Map<string, { file: string; size: number }>();
  for (const files of folders) {
    const dir = buildFilesDir(dataDir, files);
    if (!isComplete(dir)) continue;
    const entries: BackupBuild['entries'] = [];
    for (const path of listFiles(dir)) {
      const file = join(dir, ...path.split('/'));
      const h = await hashFile(file);
      entries.push({ path, ...h });
      if (!sources.has(h.sha256)) sources.set(h.sha256, { file, size: h.size });
    }
    builds.push({ files, entries });
  }
  return { builds, sources };
}

/**
 * Takes the snapshot with `snapshot(toFile)` and returns the archive of it, its blobs and the app
 * builds it names (`dataDir`: where DATA_DIR/builds is; null leaves the builds out).
 */
export async function buildBackupArchive(snapshot: (toFile: string) => Promise<void>, blobs: BlobStore, workDir: string, at = new Date(), dataDir: string | null = null): Promise<BackupArchive> {
  const dir = mkdtempSync(join(workDir, 'cartable-backup-'));
  const dbFile = join(dir, DATABASE_ENTRY);
  try {
    await snapshot(dbFile);
    const described = describeDatabase(dbFile);
    for (const b of described.blobs) {
      const stat = await blobs.stat(b.sha256);
      if (!stat) throw fail('backup_blob_missing', { sha256: b.sha256 });
      b.size = stat.size;
    }
    const { builds, sources } = dataDir ? await describeBuilds(dataDir, described.buildFolders) : { builds: [], sources: new Map<string, { file: string; size: number }>() };
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: at.toISOString(),
      schemaVersion: described.schemaVersion,
      serverKeyId: currentServerKey().id,
      schools: described.schools,
      counts: described.counts,
      database: { name: DATABASE_ENTRY, ...(await hashFile(dbFile)) },
      blobs: described.blobs,
      builds,
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
    const size = 512 + padded(manifestBytes.length) + 512 + padded(manifest.database.size)
      + manifest.blobs.reduce((n, b) => n + 512 + padded(b.size), 0)
      + [...sources.values()].reduce((n, f) => n + 512 + padded(f.size), 0) + TAR_END.length;
    const mtime = at.getTime();
    async function* entries(): AsyncGenerator<Buffer> {
      try {
        yield tarHeader(MANIFEST_ENTRY, manifestBytes.length, mtime);
        yield manifestBytes;
        yield tarPadding(manifestBytes.length);
        yield tarHeader(DATABASE_ENTRY, manifest.database.size, mtime);
        for await (const chunk of createReadStream(dbFile)) yield chunk as Buffer;
        yield tarPadding(manifest.database.size);
        for (const b of manifest.blobs) {
          const body = await blobs.open(b.sha256);
          if (!body) throw fail('backup_blob_missing', { sha256: b.sha256 });
          yield* contentEntry(blobEntry(b.sha256), b.sha256, b.size, body, mtime);
        }
        // Build files are never changed in place: one whose bytes changed means a damaged disk, not a backup to finish.
        for (const [sha256, f] of sources) yield* contentEntry(buildFileEntry(sha256), sha256, f.size, createReadStream(f.file), mtime, { checkHash: true });
        yield TAR_END;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const stream = Readable.from(entries(), { objectMode: false });
    stream.on('close', () => rmSync(dir, { recursive: true, force: true }));
    return { manifest, stream, size };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
