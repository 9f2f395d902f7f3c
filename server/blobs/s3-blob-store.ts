/**
 * Blobs as objects of an S3-compatible bucket (AWS S3, MinIO, Garage, Ceph, OVH, Scaleway…),
 * under `<prefix>ab/abcdef…` (the full SHA-256 after its first two hex digits, as on disk).
 *
 * Writing: the key is the hash, so it must be known before the object is written. A put
 * never holds a whole blob in memory: a stream is hashed while it is spooled to a temp file
 * on this machine (`spoolDir`, the OS temp dir by default), a `{ path }` is hashed in place,
 * and only then is the object sent with one PutObject from the file. So a checksum refusal
 * sends nothing, a crash before PutObject leaves nothing in the bucket, and S3 makes a
 * PutObject atomic (readers see the whole object or none). A key already present is not sent
 * again (same bytes, same key: idempotent). One PutObject takes up to 5 GB, far above our
 * media caps (a photo ≤ 15 MB, a recording ≤ 30 MB), so no multipart upload is needed.
 *
 * The SDK's default "flexible checksums" (aws-chunked bodies with a CRC trailer) are turned
 * off (`WHEN_REQUIRED`): several S3-compatible servers do not speak them, and the blob's own
 * SHA-256 is checked by whoever reads it (the tablet, migrate-to-postgres).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import {
  DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  assertSha256, BlobChecksumError, type BlobInfo, type BlobSource, type BlobStore, type ByteRange, type PutOptions,
} from './blob-store.ts';
import { assertRangeWithin, hashStream, removeStaleTempFiles } from './blob-files.ts';

/** Where the bucket is and how to sign in to it (README: S3_* variables). */
export interface S3Settings {
  /** e.g. `http://minio:9000` or `https://s3.fr-par.scw.cloud`. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `http://endpoint/bucket/key` instead of `http://bucket.endpoint/key` (MinIO, s3rver). */
  forcePathStyle: boolean;
}

export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly spoolDir: string;

  constructor(readonly settings: S3Settings, options: { prefix?: string; spoolDir?: string } = {}) {
    this.prefix = options.prefix ?? 'blobs/';
    this.spoolDir = options.spoolDir ?? join(tmpdir(), 'cartable-s3-spool');
    mkdirSync(this.spoolDir, { recursive: true, mode: 0o700 });
    removeStaleTempFiles(this.spoolDir); // spool files left by a crashed put
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Object keys start with this (default `blobs/`), so the bucket can hold other things. */
  readonly prefix: string;

  /** The object key of a blob (validated first: only a SHA-256 names an object). */
  keyOf(sha256: string): string {
    assertSha256(sha256);
    return `${this.prefix}${sha256.slice(0, 2)}/${sha256.slice(2)}`;
  }

  async put(source: BlobSource, options: PutOptions = {}): Promise<BlobInfo> {
    if (options.expectedSha256 !== undefined) assertSha256(options.expectedSha256);
    let spooled: string | null = null;
    try {
      let info: BlobInfo;
      let file: string | null = null;
      if (source instanceof Uint8Array) {
        info = { sha256: createHash('sha256').update(source).digest('hex'), size: source.length };
      } else if ('path' in source) {
        file = source.path;
        info = await hashStream(createReadStream(file));
      } else {
        spooled = file = join(this.spoolDir, randomUUID());
        info = await hashStream(source.stream, { file: spooled, mode: 0o600 });
      }
      if (options.expectedSha256 !== undefined && options.expectedSha256 !== info.sha256) throw new BlobChecksumError(options.expectedSha256, info.sha256);
      const existing = await this.stat(info.sha256);
      if (existing && existing.size === info.size) return info;
      await this.client.send(new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: this.keyOf(info.sha256),
        Body: file === null ? (source as Uint8Array) : createReadStream(file),
        ContentLength: info.size,
        ContentType: 'application/octet-stream',
        Metadata: { sha256: info.sha256 },
      }));
      return info;
    } finally {
      if (spooled) await rm(spooled, { force: true });
    }
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.stat(sha256)) !== null;
  }

  async stat(sha256: string): Promise<BlobInfo | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(sha256) }));
      return { sha256, size: head.ContentLength ?? 0 };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async open(sha256: string, range?: ByteRange): Promise<Readable | null> {
    const info = await this.stat(sha256);
    if (!info) return null;
    if (range) assertRangeWithin(range, info.size);
    try {
      const got = await this.client.send(new GetObjectCommand({
        Bucket: this.settings.bucket,
        Key: this.keyOf(sha256),
        Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }));
      // The SDK's body on Node is an http.IncomingMessage: a Readable, streamed, never buffered.
      const body = got.Body as Readable;
      // A server that ignores a range (s3rver answers `bytes=0-0` with the whole object) is
      // cut down here rather than trusted: the caller asked for end - start + 1 bytes.
      if (range && got.ContentLength !== range.end - range.start + 1) {
        const slice = sliceOf(range, got.ContentRange ? range.start : 0);
        body.on('error', (err) => slice.destroy(err));
        return body.pipe(slice);
      }
      return body;
    } catch (err) {
      if (isNotFound(err)) return null; // deleted between the HEAD and the GET
      throw err;
    }
  }

  async delete(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(sha256) }));
  }

  /** Closes the HTTP agent's sockets (tests, CLI). */
  close(): void {
    this.client.destroy();
  }
}

/** Passes on bytes start..end (inclusive) of a stream that begins at byte `offset` of the blob. */
function sliceOf(range: ByteRange, offset: number): Transform {
  let at = offset;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const from = Math.max(range.start - at, 0);
      const to = Math.min(range.end + 1 - at, chunk.length);
      at += chunk.length;
      done(null, to > from ? chunk.subarray(from, to) : undefined);
    },
  });
}

function isNotFound(err: unknown): boolean {
  if (err instanceof S3ServiceException) return err.$metadata.httpStatusCode === 404 || err.name === 'NotFound' || err.name === 'NoSuchKey';
  return false;
}

