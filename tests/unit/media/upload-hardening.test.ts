/**
 * The tus endpoint under hostile input (issue #11): declared types outside the allow-list
 * (or with smuggled bytes in their parameters) are refused at creation; a read never
 * answers 500; creation-with-upload (the whole file in the POST) answers as tus says; tus
 * answers carry nosniff and no wildcard CORS. tus-js-client plays the foreign client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import * as tus from 'tus-js-client';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createMediaFixture, type MediaFixture } from './media-fixture.ts';
import { fakeJpeg, fakePng, sha256Hex, tusMetadata } from './media-bytes.ts';

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

const create = (meta: Record<string, string>, length: number, extra: Record<string, string> = {}) =>
  fetch(`${base}/files/uploads/`, {
    method: 'POST',
    headers: { ...TUS, ...fx.studentHeaders(fx.ana.token), 'upload-length': String(length), 'upload-metadata': tusMetadata(meta), ...extra },
  });

const photoMeta = (bytes: Buffer, mime: string) => ({ attachmentId: randomUUID(), kind: 'photo', mime, sha256: sha256Hex(bytes) });

describe('tus uploads under hostile input', () => {
  it('refuses declared types with smuggled parameters (emoji, CR/LF, NUL) at creation with a 4xx', async () => {
    const png = fakePng(2_000);
    for (const mime of ['image/png; 😀', 'image/png;\r\nSet-Cookie: pwn=1', 'image/png;\u0000', 'image/png\t', 'IMAGE/PNG; x="\u007f"', `image/png;${'a'.repeat(200)}`]) {
      const res = await create(photoMeta(png, mime), png.length);
      expect(res.status, JSON.stringify(mime)).toBe(415);
      expect(JSON.parse(await res.text()).error.code).toBe('attachment_mime_unsupported');
      // The only cookie is the tablet's own (updates/device-cookie.ts): nothing injected from the stored type.
      expect(res.headers.get('set-cookie') ?? '').not.toMatch(/pwn/);
    }
  });

  it('answers metadata missing its id or kind with a 400, never a 500 (found by the fuzzer)', async () => {
    const metas: Record<string, string>[] = [{ mime: 'A/-' }, { attachmentId: randomUUID(), mime: 'image/png' }, { attachmentId: randomUUID(), kind: 'video', mime: 'image/png' }];
    for (const meta of metas) {
      for (const url of [`${base}/files/uploads/`, `${base}/files/uploads/0123456789abcdef0123456789abcdef`]) {
        const res = await fetch(url, { method: 'POST', headers: { ...TUS, ...fx.studentHeaders(fx.ana.token), 'upload-length': '0', 'upload-metadata': tusMetadata(meta) } });
        expect(res.status, `${url} ${JSON.stringify(meta)}`).toBe(400);
      }
    }
  });

  it('keeps only the base type of an allowed declaration (parameters dropped)', async () => {
    const png = fakeJpeg(2_000);
    const meta = photoMeta(png, 'Image/JPEG; charset=binary');
    const created = await create(meta, png.length);
    expect(created.status).toBe(201);
    const done = await fetch(new URL(created.headers.get('location')!, base), {
      method: 'PATCH', headers: { ...TUS, ...fx.studentHeaders(fx.ana.token), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: new Uint8Array(png),
    });
    expect(done.headers.get('x-cartable-attachment')).toBe('complete');
    expect((await t.store.database.read((tx) => tx.attachments.byId(meta.attachmentId)))?.mime).toBe('image/jpeg');
    const res = await fetch(`${base}/files/attachments/${meta.attachmentId}`, { headers: fx.studentHeaders(fx.ana.token) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
  });

  it('never answers 500 on reading an attachment stored with an unusable type (rows from before the fix)', async () => {
    const png = fakeJpeg(3_000);
    const meta = photoMeta(png, 'image/jpeg');
    const created = await create(meta, png.length);
    await fetch(new URL(created.headers.get('location')!, base), {
      method: 'PATCH', headers: { ...TUS, ...fx.studentHeaders(fx.ana.token), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: new Uint8Array(png),
    });
    expect((await t.store.database.read((tx) => tx.attachments.byId(meta.attachmentId)))?.complete).toBe(true);
    for (const bad of ['image/png; 😀', 'image/png;\r\nSet-Cookie: pwn=1', 'image/png;\u0000']) {
      t.store.db.prepare('UPDATE attachments SET mime = ? WHERE id = ?').run(bad, meta.attachmentId);
      const res = await fetch(`${base}/files/attachments/${meta.attachmentId}`, { headers: fx.studentHeaders(fx.ana.token) });
      expect(res.status, JSON.stringify(bad)).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      // The only cookie is the tablet's own (updates/device-cookie.ts): nothing injected from the stored type.
      expect(res.headers.get('set-cookie') ?? '').not.toMatch(/pwn/);
      expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    }
  });

  it('answers creation-with-upload (the whole file in the POST) with 201 and Upload-Offset, and stores it', async () => {
    const jpeg = fakeJpeg(40_000);
    const meta = photoMeta(jpeg, 'image/jpeg');
    const res = await fetch(`${base}/files/uploads/`, {
      method: 'POST',
      headers: {
        ...TUS, ...fx.studentHeaders(fx.ana.token), 'upload-length': String(jpeg.length), 'upload-metadata': tusMetadata(meta),
        'content-type': 'application/offset+octet-stream',
      },
      body: new Uint8Array(jpeg),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('upload-offset')).toBe(String(jpeg.length));
    expect(res.headers.get('x-cartable-attachment')).toBe('complete');
    expect((await t.store.database.read((tx) => tx.attachments.byId(meta.attachmentId)))?.complete).toBe(true);
  });

  it('works with tus-js-client as a foreign client using uploadDataDuringCreation', async () => {
    const jpeg = fakeJpeg(30_000);
    const meta = photoMeta(jpeg, 'image/jpeg');
    let completeHeader: string | null = null;
    await new Promise<void>((resolve, reject) => {
      const up = new tus.Upload(jpeg, {
        endpoint: `${base}/files/uploads/`,
        headers: fx.studentHeaders(fx.ana.token),
        metadata: meta,
        uploadDataDuringCreation: true,
        retryDelays: [],
        onAfterResponse: (_req, res) => { completeHeader = res.getHeader('X-Cartable-Attachment') ?? completeHeader; },
        onSuccess: () => resolve(),
        onError: reject,
      });
      up.start();
    });
    expect(completeHeader).toBe('complete');
    const a = await t.store.database.read((tx) => tx.attachments.byId(meta.attachmentId));
    expect(a).toMatchObject({ complete: true, sha256: meta.sha256, size: jpeg.length });
  });

  it('answers tus requests with nosniff and without a wildcard Access-Control-Allow-Origin', async () => {
    const png = fakePng(1_000);
    const answers = [
      await create(photoMeta(png, 'image/png'), png.length, { origin: 'http://evil.example' }),
      await create(photoMeta(png, 'image/svg+xml'), png.length, { origin: 'http://evil.example' }),
      await fetch(`${base}/files/uploads/`, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } }),
    ];
    for (const res of answers) {
      expect(res.headers.get('x-content-type-options'), String(res.status)).toBe('nosniff');
      expect(res.headers.get('access-control-allow-origin'), String(res.status)).toBeNull();
      // Plain HTTP (loopback): no HSTS, which would pin a developer's browser to https://localhost.
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
  });
});
