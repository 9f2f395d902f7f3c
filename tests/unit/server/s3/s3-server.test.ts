/**
 * The real server in-process with its media in an S3 bucket (s3rver): a tablet's tus photo
 * upload, cut and resumed, lands in the bucket as one object under its SHA-256 and comes
 * back byte-identical, whole and by Range; the tus staging stays on the local disk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3BlobStore } from '../../../../server/blobs/s3-blob-store.ts';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { startTestS3, type TestS3 } from '../../../helpers/test-s3.ts';
import { createMediaFixture, type MediaFixture } from '../../media/media-fixture.ts';
import { fakeJpeg, sha256Hex, tusMetadata } from '../../media/media-bytes.ts';

let s3: TestS3;
let blobs: S3BlobStore;
let spool: string;
let t: TestApp;
let fx: MediaFixture;
let base: string;

beforeAll(async () => {
  s3 = await startTestS3();
  spool = mkdtempSync(join(tmpdir(), 'cartable-spool-'));
  blobs = new S3BlobStore(s3.settings, { spoolDir: spool });
  t = await startTestApp({ blobs });
  fx = await createMediaFixture(t.store);
  base = await t.listen();
});
afterAll(async () => {
  await t?.close();
  blobs?.close();
  await s3?.stop();
  rmSync(spool, { recursive: true, force: true });
});

const TUS = { 'tus-resumable': '1.0.0' };

/** The object as s3rver keeps it on its disk (bucket/key/…), read behind the store's back. */
function objectOnS3rverDisk(key: string): Buffer | null {
  const found = readdirSync(s3.dir, { recursive: true, withFileTypes: true })
    .find((e) => e.isFile() && join(e.parentPath, e.name).includes(key) && e.name.endsWith('._S3rver_object'));
  return found ? readFileSync(join(found.parentPath, found.name)) : null;
}

describe('the server with its media in an S3 bucket', () => {
  it('takes a tablet photo by tus (cut, resumed) into the bucket and serves it back byte-identical, with Range', async () => {
    const bytes = fakeJpeg(700_000);
    const meta = { attachmentId: randomUUID(), kind: 'photo', mime: 'image/jpeg', sha256: sha256Hex(bytes) };
    fx.addSubmission(fx.ana.id, [meta.attachmentId]);
    const created = await fetch(`${base}/files/uploads/`, {
      method: 'POST',
      headers: { ...TUS, ...fx.studentHeaders(fx.ana.token), 'upload-length': String(bytes.length), 'upload-metadata': tusMetadata(meta) },
    });
    expect(created.status).toBe(201);
    const location = new URL(created.headers.get('location')!, base);
    const patch = (offset: number, chunk: Uint8Array) => fetch(location, {
      method: 'PATCH',
      headers: { ...TUS, ...fx.studentHeaders(fx.ana.token), 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(chunk),
    });
    expect((await patch(0, bytes.subarray(0, 262_144))).status).toBe(204);
    expect(await blobs.has(meta.sha256)).toBe(false); // not in the bucket before the last byte
    const done = await patch(262_144, bytes.subarray(262_144));
    expect(done.status).toBe(204);
    expect(done.headers.get('x-cartable-attachment')).toBe('complete');

    // In the bucket, under blobs/ab/cdef…, the same bytes; nothing under DATA_DIR/blobs.
    expect(blobs.keyOf(meta.sha256)).toBe(`blobs/${meta.sha256.slice(0, 2)}/${meta.sha256.slice(2)}`);
    expect(objectOnS3rverDisk(blobs.keyOf(meta.sha256))?.equals(bytes)).toBe(true);
    expect(readdirSync(t.dataDir)).not.toContain('blobs');
    expect(readdirSync(join(t.dataDir, 'uploads')).filter((f) => !f.endsWith('.json'))).toEqual([]);
    expect(readdirSync(spool)).toEqual([]);

    const url = `${base}/files/attachments/${meta.attachmentId}`;
    const whole = await fetch(url, { headers: fx.studentHeaders(fx.ana.token) });
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const part = await fetch(url, { headers: { ...fx.studentHeaders(fx.ana.token), range: 'bytes=100000-100999' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100000-100999/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100_000, 101_000))).toBe(true);
    const first = await fetch(url, { headers: { ...fx.studentHeaders(fx.ana.token), range: 'bytes=0-0' } });
    expect(first.status).toBe(206);
    expect(Buffer.from(await first.arrayBuffer())).toEqual(bytes.subarray(0, 1));
    const outside = await fetch(url, { headers: { ...fx.studentHeaders(fx.ana.token), range: `bytes=${bytes.length}-` } });
    expect(outside.status).toBe(416);
    // Another class's pupil still gets nothing, whatever the store.
    expect((await fetch(url, { headers: fx.studentHeaders(fx.cleo.token) })).status).toBe(404);
  });

  it('stores a teacher\'s lesson image in the bucket and serves it with its ETag', async () => {
    const lessonId = fx.addLesson();
    const png = fakeJpeg(5000);
    const up = await fetch(`${base}/api/lessons/${lessonId}/media?name=carte.jpg`, { method: 'POST', headers: { ...fx.userHeaders(fx.teacher.token), 'content-type': 'image/jpeg' }, body: new Uint8Array(png) });
    expect(up.status).toBe(201);
    const media = (await up.json()) as { id: string };
    expect(await blobs.stat(sha256Hex(png))).toEqual({ sha256: sha256Hex(png), size: png.length });
    const got = await fetch(`${base}/media/${media.id}`, { headers: fx.studentHeaders(fx.ana.token) });
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toContain(sha256Hex(png));
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
  });
});
