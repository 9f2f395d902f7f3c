/**
 * The upload-resume proof in real Chromium: take a photo (fake camera), photograph a page
 * (generated 12 MP, compressed in the worker), record an oral answer (fake microphone),
 * store them in IndexedDB as the student screens do, upload over a slow link (a TCP proxy
 * at ~40 KB/s between Chromium and the server), kill the network at ~60 % of the bytes
 * (the proxy drops every connection mid-request), reload the page, upload again: the
 * server holds each file once, byte-identical, and the interrupted one resumed from the
 * server's offset.
 * The uploader runs on the media test page here; in the app the sync worker calls it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createMediaFixture, type MediaFixture } from '../unit/media/media-fixture.ts';
import { buildMediaPage, launchMediaBrowser } from './media-page/build-media-page.ts';
import { startCuttingProxy, type CuttingProxy } from '../unit/media/cutting-proxy.ts';

let t: TestApp;
let fx: MediaFixture;
let base: string;
let proxy: CuttingProxy;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  t = await startTestApp({ staticDir: await buildMediaPage() });
  fx = await createMediaFixture(t.store);
  base = await t.listen();
  proxy = await startCuttingProxy(base);
  browser = await launchMediaBrowser();
  const context = await browser.newContext({ permissions: ['microphone', 'camera'] });
  page = await context.newPage();
  // The tablet reaches the school server through the (weak) hotspot: the proxy.
  await page.goto(`${proxy.url}/index.html`);
  await page.waitForSelector('body[data-ready="true"]');
});
afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await t?.close();
});

interface Made {
  id: string;
  kind: string;
  size: number;
  sha256: string;
}

const uploadsOnDisk = () => readdirSync(join(t.dataDir, 'uploads')).filter((f) => !f.endsWith('.json'));

describe('resumable upload of a photo and a recording', () => {
  it('survives a network cut at ~60 % and a reload: one byte-identical file per attachment on the server', async () => {
    const made: Made[] = await page.evaluate(async (studentId) => {
      const m = window.media;
      const db = new m.CartableDb('cartable');
      // 1. A photo from the (fake) camera.
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 } });
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = stream;
      await video.play();
      await new Promise((r) => setTimeout(r, 300));
      const canvas = new OffscreenCanvas(video.videoWidth, video.videoHeight);
      canvas.getContext('2d')!.drawImage(video, 0, 0);
      stream.getTracks().forEach((tr) => tr.stop());
      const cameraShot = await m.compressPhoto(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 }));
      // 2. A 12 MP photo of a page of work, compressed in the worker.
      const pagePhoto = await m.compressPhoto(await m.makePagePhoto());
      // 3. An oral answer.
      const rec = new m.AudioRecorder({ maxDurationSec: 60 });
      await rec.start();
      await new Promise((r) => setTimeout(r, 3000));
      const audio = await rec.stop();
      const rows = [
        { kind: 'photo' as const, blob: cameraShot.blob, mime: cameraShot.mime, sha256: cameraShot.sha256 },
        { kind: 'photo' as const, blob: pagePhoto.blob, mime: pagePhoto.mime, sha256: pagePhoto.sha256 },
        { kind: 'audio' as const, blob: audio.blob, mime: audio.mime, sha256: await m.sha256Hex(audio.blob) },
      ].map((r, i) => ({
        id: crypto.randomUUID(), studentId, assignmentId: 'devoir-1', questionId: `q${i}`, kind: r.kind, mime: r.mime, size: r.blob.size, sha256: r.sha256,
        blob: r.blob, createdAt: new Date(Date.now() + i).toISOString(), upload: 'pending' as const, uploadedBytes: 0, error: null, deleted: false,
      }));
      await db.attachments.bulkPut(rows);
      db.close();
      return rows.map(({ id, kind, size, sha256 }) => ({ id, kind, size, sha256 }));
    }, fx.ana.id);
    const total = made.reduce((n, a) => n + a.size, 0);
    expect(made.map((a) => a.kind)).toEqual(['photo', 'photo', 'audio']);
    expect(total).toBeGreaterThan(60_000);

    // A weak hotspot: ~40 KB/s up. The plug is pulled once 60 % of the bytes went out.
    proxy.throttle(40_000);
    proxy.cutAfter(Math.round(total * 0.6));
    const first = await page.evaluate(
      async ({ deviceToken, token }) => {
        const m = window.media;
        const db = new m.CartableDb('cartable');
        const res = await m.uploadPendingAttachments(db, { baseUrl: location.origin, deviceToken, tokenFor: () => token, retryDelays: [] });
        const rows = await db.attachments.toArray();
        const urls = await db.uploadUrls.toArray();
        db.close();
        return { res, rows: rows.map((r) => ({ id: r.id, upload: r.upload, uploadedBytes: r.uploadedBytes })), urls: urls.map((u) => u.attachmentId) };
      },
      { deviceToken: fx.deviceToken, token: fx.ana.token },
    );
    expect(proxy.cut).toBe(true);
    expect(first.res.uploaded).toBeLessThan(3);
    expect(first.res.failed).toBe(0);
    // The interrupted attachment: partly on the server, its upload URL kept in IndexedDB.
    const interrupted = first.rows.find((r) => r.upload === 'uploading' && first.urls.includes(r.id));
    expect(interrupted, JSON.stringify(first)).toBeDefined();
    const partial = uploadsOnDisk().map((f) => statSync(join(t.dataDir, 'uploads', f)).size);
    expect(partial.some((s) => s > 0)).toBe(true);
    const serverBefore = await t.store.database.read((tx) => tx.attachments.byId(interrupted!.id));
    expect(serverBefore?.complete).toBe(false);

    // The network comes back; the app is reloaded (fresh JS, same IndexedDB) and syncs again.
    proxy.restore();
    const requests: { method: string; url: string; offset: string | null }[] = [];
    page.context().on('request', (r) => {
      if (r.url().includes('/files/uploads')) requests.push({ method: r.method(), url: r.url(), offset: r.headers()['upload-offset'] ?? null });
    });
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    const second = await page.evaluate(
      async ({ deviceToken, token }) => {
        const m = window.media;
        const db = new m.CartableDb('cartable');
        const res = await m.uploadPendingAttachments(db, { baseUrl: location.origin, deviceToken, tokenFor: () => token, retryDelays: [] });
        const rows = await db.attachments.toArray();
        db.close();
        return { res, rows: rows.map((r) => ({ id: r.id, upload: r.upload })) };
      },
      { deviceToken: fx.deviceToken, token: fx.ana.token },
    );
    expect(second.res).toEqual({ uploaded: 3 - first.res.uploaded, failed: 0 });
    expect(second.rows.every((r) => r.upload === 'uploaded')).toBe(true);
    // Resumed from the server's offset, not sent again from byte 0.
    const resumedPatch = requests.find((r) => r.method === 'PATCH' && Number(r.offset) > 0);
    expect(resumedPatch, JSON.stringify(requests)).toBeDefined();

    // One byte-identical file per attachment on the server.
    for (const a of made) {
      const rec = await t.store.database.read((tx) => tx.attachments.byId(a.id));
      expect(rec).toMatchObject({ complete: true, sha256: a.sha256, size: a.size });
      const res = await fetch(`${base}/files/attachments/${a.id}`, { headers: fx.studentHeaders(fx.ana.token) });
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBe(a.size);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(a.sha256);
      expect(t.store.db.prepare('SELECT COUNT(*) FROM blobs WHERE sha256 = ?').pluck().get(a.sha256)).toBe(1);
    }
    const blobFiles = readdirSync(join(t.dataDir, 'blobs'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && !d.parentPath.endsWith('tmp'));
    expect(blobFiles.length).toBe(3);
    expect(uploadsOnDisk()).toEqual([]);
  });
});
