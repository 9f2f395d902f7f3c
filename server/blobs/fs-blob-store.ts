/**
 * Blobs as files under `<dir>/ab/cdef…` (first two hex digits as a folder). Each put writes
 * a temp file in `<dir>/tmp/`, fsyncs it, renames it into place and fsyncs the folder, so
 * a kill -9 at any moment leaves either the whole blob or none of it.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { open, rename, rm, stat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  assertSha256, BlobChecksumError, type BlobInfo, type BlobSource, type BlobStore, type ByteRange, type PutOptions,
} from './blob-store.ts';
import { assertRangeWithin, hashStream, removeStaleTempFiles } from './blob-files.ts';

export class FsBlobStore implements BlobStore {
  private readonly tmpDir: string;

  /**
   * `dir` is typically DATA_DIR/blobs. Temp files left by a crashed put (older than an
   * hour, so another process's put in progress is spared) are removed here.
   */
  constructor(readonly dir: string) {
    this.tmpDir = join(dir, 'tmp');
    mkdirSync(this.tmpDir, { recursive: true });
    removeStaleTempFiles(this.tmpDir);
  }

  /** Where a blob lives (the key is validated first, so no path can escape `dir`). */
  pathOf(sha256: string): string {
    assertSha256(sha256);
    return join(this.dir, sha256.slice(0, 2), sha256.slice(2));
  }

  async put(source: BlobSource, options: PutOptions = {}): Promise<BlobInfo> {
    if (options.expectedSha256 !== undefined) assertSha256(options.expectedSha256);
    const input = source instanceof Uint8Array ? Readable.from([source]) : 'path' in source ? createReadStream(source.path) : source.stream;
    const tmp = join(this.tmpDir, randomUUID());
    try {
      const { sha256, size } = await hashStream(input, { file: tmp });
      if (options.expectedSha256 !== undefined && options.expectedSha256 !== sha256) throw new BlobChecksumError(options.expectedSha256, sha256);
      await fsyncPath(tmp);
      const target = this.pathOf(sha256);
      const folder = join(this.dir, sha256.slice(0, 2));
      await mkdir(folder, { recursive: true });
      // Same bytes, same name: renaming over an existing blob is harmless.
      await rename(tmp, target);
      await fsyncPath(folder);
      return { sha256, size };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.stat(sha256)) !== null;
  }

  async stat(sha256: string): Promise<BlobInfo | null> {
    try {
      const s = await stat(this.pathOf(sha256));
      return s.isFile() ? { sha256, size: s.size } : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async open(sha256: string, range?: ByteRange): Promise<Readable | null> {
    const info = await this.stat(sha256);
    if (!info) return null;
    if (range) {
      assertRangeWithin(range, info.size);
      return createReadStream(this.pathOf(sha256), { start: range.start, end: range.end });
    }
    return createReadStream(this.pathOf(sha256));
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}

async function fsyncPath(path: string) {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
