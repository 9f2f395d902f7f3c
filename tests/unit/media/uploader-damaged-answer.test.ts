/**
 * Found by `npm run test:faults`: on plain HTTP, Chromium takes a response whose connection
 * closed in the middle of its headers as complete, with the headers it got. A tus PATCH then
 * "succeeds" (204) without its Upload-Offset, tus-js-client fails it, and the uploader took
 * that for a refusal: the photo was marked 'failed' (needs attention) and never sent again.
 * A damaged success is not a refusal: the photo waits for the next cycle and arrives.
 * (Node's HTTP parser refuses truncated headers, so the proxy here sends the answer Chromium
 * makes of them: the PATCH's 204 without Upload-Offset.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { CartableDb } from '../../../src/db/schema.ts';
import { uploadPendingAttachments } from '../../../src/media/worker/attachment-uploader.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createMediaFixture, type MediaFixture } from './media-fixture.ts';
import { fakeJpeg, sha256Hex } from './media-bytes.ts';

let t: TestApp;
let fx: MediaFixture;
let proxy: http.Server;
let proxyUrl = '';
/** PATCH answers still to damage (their Upload-Offset header dropped). */
let damage = 0;

beforeAll(async () => {
  t = await startTestApp();
  fx = await createMediaFixture(t.store);
  const target = new URL(await t.listen());
  proxy = http.createServer((req, res) => {
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const headers = { ...answer.headers };
      if (req.method === 'PATCH' && damage > 0) {
        damage--;
        delete headers['upload-offset'];
      }
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => proxy.close(r));
  await t.close();
});

describe('a damaged answer to an upload', () => {
  it('is not a refusal: the photo stays to send, and the next cycle delivers it', async () => {
    const db = new CartableDb(`damaged-${randomUUID()}`, { indexedDB, IDBKeyRange });
    const bytes = fakeJpeg(300_000);
    const id = randomUUID();
    await db.attachments.put({
      id, studentId: fx.ana.id, assignmentId: 'a1', questionId: 'q1', kind: 'photo', mime: 'image/jpeg', size: bytes.length, sha256: sha256Hex(bytes),
      blob: new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), createdAt: new Date().toISOString(), upload: 'pending', uploadedBytes: 0, error: null, deleted: false,
    });
    const ctx = { baseUrl: proxyUrl, deviceToken: fx.deviceToken, tokenFor: () => fx.ana.token, retryDelays: [] };

    damage = 1;
    expect(await uploadPendingAttachments(db, ctx)).toEqual({ uploaded: 0, failed: 0 });
    const after = await db.attachments.get(id);
    expect(after?.upload).not.toBe('failed');
    expect(after?.error).toBeNull();

    expect(await uploadPendingAttachments(db, ctx)).toEqual({ uploaded: 1, failed: 0 });
    expect((await db.attachments.get(id))?.upload).toBe('uploaded');
    const stored = await t.app.inject({ method: 'GET', url: `/files/attachments/${id}`, headers: fx.studentHeaders(fx.ana.token) });
    expect(stored.statusCode).toBe(200);
    expect(Buffer.from(stored.rawPayload).equals(bytes)).toBe(true);
    db.close();
  });
});
