/**
 * What both blob stores do with files on this machine: hash bytes while writing them to a
 * temp file, clear temp files a crashed put left behind, and check a byte range against a
 * blob's size. One definition each, so the filesystem and S3 stores cannot drift apart.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, readdirSync, rmSync, statSync } from 'node:fs';
import { type Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import type { BlobInfo, ByteRange } from './blob-store.ts';

/** Removes the files of `dir` older than `olderThanMs` (another process's put in progress is spared). */
export function removeStaleTempFiles(dir: string, olderThanMs = 3600_000): void {
  const cutoff = Date.now() - olderThanMs;
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).mtimeMs < cutoff) rmSync(p, { force: true });
  }
}

/**
 * SHA-256 and size of a stream; with `writeTo`, the bytes are written on to that file
 * (created exclusively, with `mode` when given) as they are hashed.
 */
export async function hashStream(input: Readable, writeTo?: { file: string; mode?: number }): Promise<BlobInfo> {
  const hash = createHash('sha256');
  let size = 0;
  const count = (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
  };
  if (writeTo) {
    const tap = new Transform({ transform(chunk: Buffer, _enc, done) { count(chunk); done(null, chunk); } });
    await pipeline(input, tap, createWriteStream(writeTo.file, { flags: 'wx', ...(writeTo.mode === undefined ? {} : { mode: writeTo.mode }) }));
  } else {
    await pipeline(input, new Writable({ write(chunk: Buffer, _enc, done) { count(chunk); done(); } }));
  }
  return { sha256: hash.digest('hex'), size };
}

/** Throws RangeError unless `range` lies inside a blob of `size` bytes (as BlobStore.open promises). */
export function assertRangeWithin(range: ByteRange, size: number): void {
  const { start, end } = range;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end >= size) {
    throw new RangeError(`Byte range ${start}-${end} is outside the blob (${size} bytes).`);
  }
}
