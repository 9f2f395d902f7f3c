/**
 * Content-addressed media storage (lesson images and audio, students' photos and
 * recordings): a blob is named by the SHA-256 of its bytes, so storing the same bytes
 * twice is free and a key cannot point outside the store. The filesystem store
 * (`fs-blob-store.ts`) is the embedded default; the S3-compatible store (`s3-blob-store.ts`)
 * implements the same interface, chosen by S3_* in `open-blob-store.ts`. Both pass one
 * contract suite (tests/unit/server/blob-store-contract.test.ts).
 */
import type { Readable } from 'node:stream';

export interface BlobInfo {
  /** Lowercase hex SHA-256 of the bytes: the blob's key. */
  sha256: string;
  size: number;
}

/** Inclusive byte range, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

/** What `put` accepts: bytes in memory, a file on this machine (copied, not moved), or a stream. */
export type BlobSource = Uint8Array | { path: string } | { stream: Readable };

export interface PutOptions {
  /** Refuse (BlobChecksumError) when the bytes do not hash to this. */
  expectedSha256?: string;
}

export interface BlobStore {
  /** Stores the bytes durably (a crash never leaves a partial blob) and returns their key. */
  put(source: BlobSource, options?: PutOptions): Promise<BlobInfo>;
  has(sha256: string): Promise<boolean>;
  /** Size of a stored blob, or null when absent. */
  stat(sha256: string): Promise<BlobInfo | null>;
  /** A read stream of the blob (or of one byte range of it); null when absent. RangeError for a range outside it. */
  open(sha256: string, range?: ByteRange): Promise<Readable | null>;
  /** Removes a blob (no error when absent). Callers check that nothing references it. */
  delete(sha256: string): Promise<void>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True for a lowercase hex SHA-256: the only keys a blob store accepts. */
export const isSha256 = (key: unknown): key is string => typeof key === 'string' && SHA256_HEX.test(key);

/** Throws InvalidBlobKeyError unless `key` is a lowercase hex SHA-256 (keeps paths and object keys safe). */
export function assertSha256(key: unknown): asserts key is string {
  if (!isSha256(key)) throw new InvalidBlobKeyError(String(key).slice(0, 80));
}

export class InvalidBlobKeyError extends Error {
  constructor(key: string) {
    super(`Not a blob key (lowercase hex SHA-256 expected): "${key}"`);
  }
}

export class BlobChecksumError extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super(`The bytes do not match their checksum (expected ${expected}, got ${actual}).`);
  }
}
