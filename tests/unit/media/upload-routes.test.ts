/**
 * The tus endpoint on the real in-process server (listening on 127.0.0.1:0), spoken by hand
 * so each step (creation, a cut at a byte offset, HEAD, PATCH, finish) is explicit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createMediaFixture, type MediaFixture } from './media-fixture.ts';
import { fakeJpeg, fakePng, fakeWebm, sha256Hex, tusMetadata } from './media-bytes.ts';

let t: TestApp;
let fx: MediaFixture;
let base: string;

beforeAll(async () => {
  t = await startTestApp();
  fx = await createMediaFixture(t.store);
  base = await t.listen();
});
afterAll(async () => {
  await t.close();
});

const TUS = { 'tus-resumable': '1.0.0' };

async function create(token: string, meta: Record<string, string>, length: number) {
  return fetch(`${base}/files/uploads/`, {
    method: 'POST',
    headers: { ...TUS, ...fx.studentHeaders(token), 'upload-length': String(length), 'upload-metadata': tusMetadata(meta) },
  });
}

async function patch(token: string, location: string, offset: number, chunk: Uint8Array) {
  return fetch(new URL(location, base), {
    method: 'PATCH',
    headers: { ...TUS, ...fx.studentHeaders(token), 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
    body: new Uint8Array(chunk),
  });
}

async function head(token: string, location: string) {
  return fetch(new URL(location, base), { method: 'HEAD', headers: { ...TUS, ...fx.studentHeaders(token) } });
}

const photoMeta = (bytes: Buffer, over: Record<string, string> = {}) => ({
  attachmentId: randomUUID(), kind: 'photo', mime: 'image/jpeg', sha256: sha256Hex(bytes), ...over,
});

describe('tus uploads of attachments', () => {
  it('resumes after a cut at a byte offset and stores one byte-identical blob, marking the submission final', async () => {
    const bytes = fakeJpeg(300_000);
    const meta = photoMeta(bytes);
    const subId = fx.addSubmission(fx.ana.id, [meta.attachmentId]);
    const seqBefore = (t.store.db.prepare('SELECT MAX(seq) FROM changes').pluck().get() as number | null) ?? 0;

    const created = await create(fx.ana.token, meta, bytes.length);
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/files\/uploads\/[0-9a-f]{32}$/);

    // The first chunk arrives, then the network is cut: the server keeps what it got.
    expect((await patch(fx.ana.token, location, 0, bytes.subarray(0, 123_457))).status).toBe(204);
    const h = await head(fx.ana.token, location);
    expect(h.status).toBe(200);
    expect(h.headers.get('upload-offset')).toBe('123457');
    expect((await t.store.database.read((tx) => tx.attachments.byId(meta.attachmentId)))?.complete).toBe(false);

    const done = await patch(fx.ana.token, location, 123_457, bytes.subarray(123_457));
    expect(done.status).toBe(204);
    expect(done.headers.get('x-cartable-attachment')).toBe('complete');

    const a = await t.store.database.read((tx) => tx.attachments.byId(meta.attachmentId));
    expect(a).toMatchObject({ complete: true, sha256: meta.sha256, size: bytes.length, uploadId: null });
    const res = await fetch(`${base}/files/attachments/${meta.attachmentId}`, { headers: fx.studentHeaders(fx.ana.token) });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    // Kept once, content-addressed; the tus temp file is gone.
    expect(await t.store.blobs.stat(meta.sha256)).toEqual({ sha256: meta.sha256, size: bytes.length });
    expect(readdirSync(join(t.dataDir, 'uploads')).filter((f) => !f.endsWith('.json'))).toEqual([]);
    // The submission that references it is re-stamped in the student's scope.
    const change = t.store.db.prepare("SELECT seq FROM changes WHERE entity = 'submission' AND entity_id = ?").get(subId) as { seq: number };
    expect(change.seq).toBeGreaterThan(seqBefore);
    expect((await head(fx.ana.token, location)).status).toBe(404);
  });

  it('answers 409 {complete:true} when the same attachment is sent again, and refuses other content under its id', async () => {
    const bytes = fakeJpeg(10_000);
    const meta = photoMeta(bytes);
    const loc = (await create(fx.ana.token, meta, bytes.length)).headers.get('location')!;
    expect((await patch(fx.ana.token, loc, 0, bytes)).headers.get('x-cartable-attachment')).toBe('complete');
    const again = await create(fx.ana.token, meta, bytes.length);
    expect(again.status).toBe(409);
    expect(JSON.parse(await again.text()).error.details).toEqual({ complete: true });
    const other = await create(fx.ana.token, { ...meta, sha256: sha256Hex(fakeJpeg(10_000)) }, bytes.length);
    expect(other.status).toBe(409);
    expect(JSON.parse(await other.text()).error.details).toEqual({ complete: false });
  });

  it('rejects a checksum mismatch, discards the upload and leaves the attachment incomplete', async () => {
    const bytes = fakeJpeg(50_000);
    const meta = photoMeta(bytes, { sha256: sha256Hex(Buffer.from('something else')) });
    const loc = (await create(fx.ana.token, meta, bytes.length)).headers.get('location')!;
    const res = await patch(fx.ana.token, loc, 0, bytes);
    expect(res.status).toBe(460);
    expect(JSON.parse(await res.text()).error.code).toBe('checksum_mismatch');
    expect((await t.store.database.read((tx) => tx.attachments.byId(meta.attachmentId)))?.complete).toBe(false);
    expect(await t.store.blobs.has(sha256Hex(bytes))).toBe(false);
    // Discarded: resuming is impossible, the tablet must start again from its Blob.
    expect((await head(fx.ana.token, loc)).status).toBe(404);
    expect(existsSync(join(t.dataDir, 'uploads', loc.split('/').pop()!))).toBe(false);
  });

  it('refuses a file whose bytes are not of the declared type', async () => {
    const png = fakePng(20_000);
    const meta = photoMeta(png); // declared image/jpeg
    const loc = (await create(fx.ana.token, meta, png.length)).headers.get('location')!;
    const res = await patch(fx.ana.token, loc, 0, png);
    expect(res.status).toBe(415);
    expect((await t.store.database.read((tx) => tx.attachments.byId(meta.attachmentId)))?.complete).toBe(false);

    const text = Buffer.from('<svg onload="alert(1)"></svg>'.repeat(20));
    const svg = await create(fx.ana.token, photoMeta(text, { mime: 'image/svg+xml' }), text.length);
    expect(svg.status).toBe(415);
    const audioAsPhoto = await create(fx.ana.token, photoMeta(text, { mime: 'audio/webm' }), text.length);
    expect(audioAsPhoto.status).toBe(415);
  });

  it('accepts an Opus/WebM recording whose bytes are WebM', async () => {
    const webm = fakeWebm(40_000);
    const meta = { attachmentId: randomUUID(), kind: 'audio', mime: 'audio/webm;codecs=opus', sha256: sha256Hex(webm) };
    const loc = (await create(fx.ana.token, meta, webm.length)).headers.get('location')!;
    expect((await patch(fx.ana.token, loc, 0, webm)).headers.get('x-cartable-attachment')).toBe('complete');
  });

  it('refuses oversized uploads at creation', async () => {
    const b = fakeJpeg(100);
    expect((await create(fx.ana.token, photoMeta(b), 15 * 1024 * 1024 + 1)).status).toBe(413);
    const audio = { attachmentId: randomUUID(), kind: 'audio', mime: 'audio/webm', sha256: sha256Hex(b) };
    expect((await create(fx.ana.token, audio, 10 * 1024 * 1024 + 1)).status).toBe(413);
    expect((await create(fx.ana.token, audio, 10 * 1024 * 1024)).status).toBe(201);
  });

  it("refuses someone else's upload id and attachment id, and a bad request never corrupts a good partial upload", async () => {
    const bytes = fakeJpeg(200_000);
    const meta = photoMeta(bytes);
    const loc = (await create(fx.ana.token, meta, bytes.length)).headers.get('location')!;
    expect((await patch(fx.ana.token, loc, 0, bytes.subarray(0, 80_000))).status).toBe(204);

    // Ben (same tablet, same class) cannot see, write or delete Ana's upload.
    expect((await head(fx.ben.token, loc)).status).toBe(404);
    expect((await patch(fx.ben.token, loc, 80_000, fakeJpeg(120_000))).status).toBe(404);
    const del = await fetch(new URL(loc, base), { method: 'DELETE', headers: { ...TUS, ...fx.studentHeaders(fx.ben.token) } });
    expect(del.status).toBe(404);
    // …nor claim her attachment id.
    expect((await create(fx.ben.token, { ...meta }, bytes.length)).status).toBe(403);
    // Ana herself sending at a wrong offset is refused without touching the bytes.
    expect((await patch(fx.ana.token, loc, 50_000, bytes.subarray(50_000))).status).toBe(409);
    // No session, or a student session without its tablet: 401.
    expect((await fetch(new URL(loc, base), { method: 'HEAD', headers: TUS })).status).toBe(401);
    expect((await fetch(new URL(loc, base), { method: 'HEAD', headers: { ...TUS, authorization: `Bearer ${fx.ana.token}` } })).status).toBe(401);

    expect((await head(fx.ana.token, loc)).headers.get('upload-offset')).toBe('80000');
    const done = await patch(fx.ana.token, loc, 80_000, bytes.subarray(80_000));
    expect(done.headers.get('x-cartable-attachment')).toBe('complete');
    const res = await fetch(`${base}/files/attachments/${meta.attachmentId}`, { headers: fx.studentHeaders(fx.ana.token) });
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers path tricks in ids with a 400', async () => {
    const b = fakeJpeg(100);
    expect((await create(fx.ana.token, photoMeta(b, { attachmentId: '../../etc/passwd' }), b.length)).status).toBe(400);
    expect((await create(fx.ana.token, photoMeta(b, { sha256: '../x' }), b.length)).status).toBe(400);
    for (const bad of ['..%2F..%2Fcartable.sqlite', 'abc', '0123456789abcdef0123456789abcdef.json']) {
      const res = await fetch(`${base}/files/uploads/${bad}`, { method: 'HEAD', headers: { ...TUS, ...fx.studentHeaders(fx.ana.token) } });
      expect(res.status, bad).toBe(400);
    }
    const res = await fetch(`${base}/files/attachments/..%2F..%2Fcartable.sqlite`, { headers: fx.studentHeaders(fx.ana.token) });
    expect(res.status).toBe(400);
  });
});
