/**
 * One contract for every BlobStore: the filesystem store (DATA_DIR/blobs) and the S3 store
 * against a real S3-compatible server (s3rver, started by tests/helpers/test-s3.ts). Each
 * backend says where its blob lives and which temp files it may leave, so the same tests
 * check both from the outside.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { FsBlobStore } from '../../../server/blobs/fs-blob-store.ts';
import { S3BlobStore } from '../../../server/blobs/s3-blob-store.ts';
import { BlobChecksumError, InvalidBlobKeyError, type BlobStore } from '../../../server/blobs/blob-store.ts';
import { startTestS3, type TestS3 } from '../../helpers/test-s3.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
async function readAll(r: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

interface Backend {
  store: BlobStore;
  /** The stored bytes read behind the store's back (the file, the object), or null. */
  raw(sha256: string): Promise<Buffer | null>;
  /** Every stored entry's name (files under the store, object keys in the bucket). */
  entries(): Promise<string[]>;
  /** Temp files the store may have left (none after any put, good or refused). */
  leftovers(): string[];
  close(): Promise<void>;
}

let s3: TestS3;
beforeAll(async () => { s3 = await startTestS3(); });
afterAll(async () => { await s3?.stop(); });

let n = 0;
const backends: Record<string, () => Promise<Backend>> = {
  async filesystem() {
    const dir = mkdtempSync(join(tmpdir(), 'cartable-blobs-'));
    const store = new FsBlobStore(join(dir, 'blobs'));
    return {
      store,
      async raw(key) { try { return readFileSync(store.pathOf(key)); } catch { return null; } },
      async entries() {
        return readdirSync(join(dir, 'blobs'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.parentPath.endsWith('tmp')).map((e) => e.name);
      },
      leftovers: () => readdirSync(join(dir, 'blobs', 'tmp')),
      async close() { rmSync(dir, { recursive: true, force: true }); },
    };
  },
  async s3() {
    // A prefix per test: the bucket is shared by the file, each test sees only its own objects.
    const prefix = `t${++n}/blobs/`;
    const spoolDir = mkdtempSync(join(tmpdir(), 'cartable-spool-'));
    const store = new S3BlobStore(s3.settings, { prefix, spoolDir });
    const client = new S3Client({ endpoint: s3.settings.endpoint, region: s3.settings.region, forcePathStyle: true, credentials: s3.settings });
    return {
      store,
      async raw(key) {
        try {
          const o = await client.send(new GetObjectCommand({ Bucket: s3.settings.bucket, Key: store.keyOf(key) }));
          return Buffer.from(await o.Body!.transformToByteArray());
        } catch { return null; }
      },
      async entries() {
        const l = await client.send(new ListObjectsV2Command({ Bucket: s3.settings.bucket, Prefix: prefix }));
        return (l.Contents ?? []).map((o) => o.Key!);
      },
      leftovers: () => readdirSync(spoolDir),
      async close() { store.close(); client.destroy(); rmSync(spoolDir, { recursive: true, force: true }); },
    };
  },
};

describe('S3BlobStore spool', () => {
  it('removes spool files a crashed put left over an hour ago, and keeps a fresh one', () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'cartable-spool-'));
    try {
      writeFileSync(join(spoolDir, 'old'), 'x');
      writeFileSync(join(spoolDir, 'fresh'), 'y');
      const hourAgo = new Date(Date.now() - 3700_000);
      utimesSync(join(spoolDir, 'old'), hourAgo, hourAgo);
      new S3BlobStore(s3.settings, { spoolDir }).close();
      expect(readdirSync(spoolDir)).toEqual(['fresh']);
    } finally {
      rmSync(spoolDir, { recursive: true, force: true });
    }
  });
});

describe.each(Object.keys(backends))('BlobStore contract: %s', (name) => {
  let b: Backend;
  let store: BlobStore;
  let dir: string;
  beforeEach(async () => {
    b = await backends[name]!();
    store = b.store;
    dir = mkdtempSync(join(tmpdir(), 'cartable-src-'));
  });
  afterEach(async () => {
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores bytes under their sha256 and reads them back, whole or by range', async () => {
    const bytes = Buffer.from('Bonjour la 5e B, voici la leçon.');
    const info = await store.put(bytes);
    expect(info).toEqual({ sha256: sha(bytes), size: bytes.length });
    expect((await b.raw(info.sha256))?.equals(bytes)).toBe(true);
    expect(await store.has(info.sha256)).toBe(true);
    expect(await store.stat(info.sha256)).toEqual(info);
    expect((await readAll((await store.open(info.sha256))!)).equals(bytes)).toBe(true);
    expect((await readAll((await store.open(info.sha256, { start: 3, end: 6 }))!)).toString()).toBe('jour');
    expect((await readAll((await store.open(info.sha256, { start: 0, end: 0 }))!)).toString()).toBe('B');
    const last = bytes.length - 1;
    expect((await readAll((await store.open(info.sha256, { start: last, end: last }))!)).equals(bytes.subarray(last))).toBe(true);
    for (const r of [{ start: 0, end: bytes.length }, { start: 5, end: 4 }, { start: -1, end: 3 }, { start: 1.5, end: 3 }]) {
      await expect(store.open(info.sha256, r)).rejects.toThrow(RangeError);
    }
  });

  it('stores a file by path and a stream, and the same bytes twice as one blob', async () => {
    const bytes = Buffer.alloc(300_000, 7);
    const file = join(dir, 'photo.bin');
    writeFileSync(file, bytes);
    const a = await store.put({ path: file });
    const b2 = await store.put({ stream: Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]) });
    const c = await store.put(bytes);
    expect(a).toEqual(b2);
    expect(c).toEqual(a);
    expect(a.size).toBe(300_000);
    expect(readFileSync(file).equals(bytes)).toBe(true); // copied, not moved
    expect((await b.raw(a.sha256))?.equals(bytes)).toBe(true);
    expect(await b.entries()).toHaveLength(1);
    expect(b.leftovers()).toEqual([]);
  });

  it('streams a blob of several megabytes in and out, byte-identical', async () => {
    const bytes = Buffer.alloc(6 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32LE((i * 2654435761) >>> 0, i);
    const chunks = Array.from({ length: 96 }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
    const info = await store.put({ stream: Readable.from(chunks) }, { expectedSha256: sha(bytes) });
    expect(info).toEqual({ sha256: sha(bytes), size: bytes.length });
    expect((await readAll((await store.open(info.sha256))!)).equals(bytes)).toBe(true);
    const mid = await readAll((await store.open(info.sha256, { start: 3_000_000, end: 3_065_535 }))!);
    expect(mid.equals(bytes.subarray(3_000_000, 3_065_536))).toBe(true);
  });

  it('refuses bytes that do not match the expected checksum and keeps nothing of them', async () => {
    const wrong = sha(Buffer.from('other'));
    const file = join(dir, 'x.bin');
    writeFileSync(file, 'abc');
    await expect(store.put(Buffer.from('abc'), { expectedSha256: wrong })).rejects.toBeInstanceOf(BlobChecksumError);
    await expect(store.put({ path: file }, { expectedSha256: wrong })).rejects.toBeInstanceOf(BlobChecksumError);
    await expect(store.put({ stream: Readable.from([Buffer.from('abc')]) }, { expectedSha256: wrong })).rejects.toBeInstanceOf(BlobChecksumError);
    expect(await store.has(sha(Buffer.from('abc')))).toBe(false);
    expect(await store.has(wrong)).toBe(false);
    expect(await b.entries()).toEqual([]);
    expect(b.leftovers()).toEqual([]);
    await expect(store.put(Buffer.from('abc'), { expectedSha256: 'nope' })).rejects.toBeInstanceOf(InvalidBlobKeyError);
  });

  it('leaves nothing behind when the source stream fails half-way', async () => {
    const failing = new Readable({ read() { this.push(Buffer.alloc(1000, 1)); this.destroy(new Error('tablet gone')); } });
    await expect(store.put({ stream: failing })).rejects.toThrow('tablet gone');
    expect(await b.entries()).toEqual([]);
    expect(b.leftovers()).toEqual([]);
  });

  it('accepts only lowercase hex sha256 keys (no path or object key can escape the store)', async () => {
    for (const key of ['../../etc/passwd', 'ABCDEF'.repeat(10) + 'ABCD', 'a'.repeat(63), 'a'.repeat(64) + '/x', '']) {
      await expect(store.has(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.open(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
    }
    expect(await store.stat('0'.repeat(64))).toBeNull();
    expect(await store.open('0'.repeat(64))).toBeNull();
    expect(await store.open('0'.repeat(64), { start: 0, end: 0 })).toBeNull();
  });

  it('deletes a blob (and a second delete is no error)', async () => {
    const info = await store.put(Buffer.from('x'));
    const keep = await store.put(Buffer.from('y'));
    await store.delete(info.sha256);
    expect(await store.has(info.sha256)).toBe(false);
    expect(await store.open(info.sha256)).toBeNull();
    await store.delete(info.sha256);
    expect(await store.has(keep.sha256)).toBe(true);
    expect(await b.entries()).toHaveLength(1);
  });
});
