import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FsBlobStore } from '../../../server/blobs/fs-blob-store.ts';
import { BlobChecksumError, InvalidBlobKeyError } from '../../../server/blobs/blob-store.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
async function readAll(r: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe('FsBlobStore', () => {
  let dir: string;
  let store: FsBlobStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cartable-blobs-'));
    store = new FsBlobStore(join(dir, 'blobs'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores bytes under their sha256 and reads them back, whole or by range', async () => {
    const bytes = Buffer.from('Bonjour la 5e B, voici la leçon.');
    const info = await store.put(bytes);
    expect(info).toEqual({ sha256: sha(bytes), size: bytes.length });
    expect(store.pathOf(info.sha256)).toBe(join(dir, 'blobs', info.sha256.slice(0, 2), info.sha256.slice(2)));
    expect(await store.has(info.sha256)).toBe(true);
    expect(await store.stat(info.sha256)).toEqual(info);
    expect((await readAll((await store.open(info.sha256))!)).equals(bytes)).toBe(true);
    expect((await readAll((await store.open(info.sha256, { start: 3, end: 6 }))!)).toString()).toBe('jour');
    await expect(store.open(info.sha256, { start: 0, end: bytes.length })).rejects.toThrow(RangeError);
  });

  it('stores a file by path and a stream, and the same bytes twice as one blob', async () => {
    const bytes = Buffer.alloc(300_000, 7);
    const file = join(dir, 'photo.bin');
    writeFileSync(file, bytes);
    const a = await store.put({ path: file });
    const b = await store.put({ stream: Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]) });
    expect(a).toEqual(b);
    expect(a.size).toBe(300_000);
    expect(readFileSync(store.pathOf(a.sha256)).equals(bytes)).toBe(true);
    expect(readdirSync(join(dir, 'blobs', 'tmp'))).toEqual([]);
  });

  it('refuses bytes that do not match the expected checksum and keeps nothing of them', async () => {
    const wrong = sha(Buffer.from('other'));
    await expect(store.put(Buffer.from('abc'), { expectedSha256: wrong })).rejects.toBeInstanceOf(BlobChecksumError);
    expect(await store.has(sha(Buffer.from('abc')))).toBe(false);
    expect(readdirSync(join(dir, 'blobs', 'tmp'))).toEqual([]);
  });

  it('accepts only lowercase hex sha256 keys (no path can escape the store)', async () => {
    for (const key of ['../../etc/passwd', 'ABCDEF'.repeat(10) + 'ABCD', 'a'.repeat(63), 'a'.repeat(64) + '/x', '']) {
      await expect(store.has(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.open(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
    }
    expect(await store.stat('0'.repeat(64))).toBeNull();
    expect(await store.open('0'.repeat(64))).toBeNull();
  });

  it('deletes a blob', async () => {
    const info = await store.put(Buffer.from('x'));
    await store.delete(info.sha256);
    expect(await store.has(info.sha256)).toBe(false);
    await store.delete(info.sha256);
  });
});
