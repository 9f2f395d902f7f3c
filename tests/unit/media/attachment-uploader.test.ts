/**
 * The tablet's uploader (tus-js-client, IndexedDB URL store on fake-indexeddb) against the
 * real server, through a proxy that cuts the network at a byte offset.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { CartableDb, type AttachmentRow } from '../../../src/db/schema.ts';
import { uploadPendingAttachments, type UploadContext } from '../../../src/media/worker/attachment-uploader.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createMediaFixture, type MediaFixture } from './media-fixture.ts';
import { fakeJpeg, fakePng, fakeWebm, sha256Hex } from './media-bytes.ts';
import { startCuttingProxy, type CuttingProxy } from './cutting-proxy.ts';

let t: TestApp;
let fx: MediaFixture;
let proxy: CuttingProxy;
let direct: string;
const dbs: CartableDb[] = [];

beforeAll(async () => {
  t = await startTestApp();
  fx = await createMediaFixture(t.store);
  direct = await t.listen();
  proxy = await startCuttingProxy(direct);
});
afterAll(async () => {
  await proxy.close();
  await t.close();
});
afterEach(() => {
  proxy.restore();
  for (const d of dbs.splice(0)) d.close();
});

const openDb = (name: string) => {
  const d = new CartableDb(name, { indexedDB, IDBKeyRange });
  dbs.push(d);
  return d;
};

function row(bytes: Buffer, over: Partial<AttachmentRow> = {}): AttachmentRow {
  return {
    id: randomUUID(), studentId: fx.ana.id, assignmentId: 'a1', questionId: 'q1', kind: 'photo', mime: 'image/jpeg', size: bytes.length,
    sha256: sha256Hex(bytes), blob: new Blob([new Uint8Array(bytes)], { type: over.mime ?? 'image/jpeg' }), createdAt: new Date().toISOString(),
    upload: 'pending', uploadedBytes: 0, error: null, deleted: false, ...over,
  };
}

const ctx = (over: Partial<UploadContext> = {}): UploadContext => ({
  baseUrl: proxy.url,
  deviceToken: fx.deviceToken,
  tokenFor: (id) => (id === fx.ana.id ? fx.ana.token : id === fx.ben.id ? fx.ben.token : null),
  retryDelays: [],
  ...over,
});

async function serverBytes(id: string, token = fx.ana.token) {
  const res = await t.app.inject({ method: 'GET', url: `/files/attachments/${id}`, headers: fx.studentHeaders(token) });
  return res.statusCode === 200 ? res.rawPayload : null;
}

const tusFiles = () => readdirSync(join(t.dataDir, 'uploads')).filter((f) => !f.endsWith('.json'));

describe('uploadPendingAttachments', () => {
  it('uploads a photo and a recording, reports progress, and marks them uploaded only once the server confirmed', async () => {
    const db = openDb(`up-${randomUUID()}`);
    const photo = fakeJpeg(700_000);
    const audio = fakeWebm(90_000);
    const p = row(photo);
    const a = row(audio, { kind: 'audio', mime: 'audio/webm;codecs=opus', createdAt: new Date(Date.now() + 1).toISOString() });
    await db.attachments.bulkPut([p, a]);
    const progress: [number, number][] = [];
    const res = await uploadPendingAttachments(db, ctx({ onProgress: (d, tot) => progress.push([d, tot]) }));
    expect(res).toEqual({ uploaded: 2, failed: 0 });
    expect(await db.attachments.get(p.id)).toMatchObject({ upload: 'uploaded', uploadedBytes: photo.length, error: null });
    expect((await db.attachments.get(a.id))?.upload).toBe('uploaded');
    expect(await db.uploadUrls.count()).toBe(0);
    expect((await serverBytes(p.id))?.equals(photo)).toBe(true);
    expect((await serverBytes(a.id))?.equals(audio)).toBe(true);
    const total = photo.length + audio.length;
    expect(progress.at(-1)).toEqual([total, total]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
    // Finite chunks: more than one PATCH for the photo.
    expect(progress.filter(([d]) => d > 0 && d < photo.length).length).toBeGreaterThan(1);
  });

  it('resumes after a network cut at ~60 % and an app restart, from the byte the server holds, into one identical file', async () => {
    const name = `cut-${randomUUID()}`;
    let db = openDb(name);
    const photo = fakeJpeg(1_000_000);
    const p = row(photo);
    await db.attachments.put(p);

    const sentBefore = proxy.sent;
    proxy.cutAfter(600_000);
    const first = await uploadPendingAttachments(db, ctx());
    expect(proxy.cut).toBe(true);
    expect(first).toEqual({ uploaded: 0, failed: 0 });
    const mid = await db.attachments.get(p.id);
    expect(mid?.upload).toBe('uploading');
    expect(mid?.uploadedBytes).toBeGreaterThan(200_000);
    const stored = await db.uploadUrls.get(p.id);
    expect(stored?.uploadUrl).toMatch(/\/files\/uploads\/[0-9a-f]{32}$/);
    const head = await fetch(stored!.uploadUrl.replace(proxy.url, direct), {
      method: 'HEAD', headers: { 'tus-resumable': '1.0.0', ...fx.studentHeaders(fx.ana.token) },
    });
    const serverOffset = Number(head.headers.get('upload-offset'));
    expect(serverOffset).toBeGreaterThan(400_000);
    expect(serverOffset).toBeLessThan(photo.length);

    // The app is killed and restarted: a fresh connection to the same IndexedDB.
    db.close();
    db = openDb(name);
    proxy.restore();
    const sentAtResume = proxy.sent;
    const second = await uploadPendingAttachments(db, ctx());
    expect(second).toEqual({ uploaded: 1, failed: 0 });
    expect((await db.attachments.get(p.id))?.upload).toBe('uploaded');
    expect((await serverBytes(p.id))?.equals(photo)).toBe(true);
    // Resumed, not restarted: the second run sent only the missing part (+ request headers).
    const resent = proxy.sent - sentAtResume;
    expect(resent).toBeLessThan(photo.length - serverOffset + 20_000);
    expect(proxy.sent - sentBefore).toBeLessThan(photo.length * 1.1);
    expect(tusFiles()).toEqual([]);
    expect(t.store.db.prepare('SELECT COUNT(*) FROM blobs WHERE sha256 = ?').pluck().get(p.sha256)).toBe(1);
  });

  it('starts again from the local Blob when the partial upload expired (410) or was forgotten (404)', async () => {
    for (const how of ['expired', 'forgotten'] as const) {
      const db = openDb(`exp-${randomUUID()}`);
      const photo = fakeJpeg(800_000);
      const p = row(photo);
      await db.attachments.put(p);
      proxy.cutAfter(300_000);
      await uploadPendingAttachments(db, ctx());
      proxy.restore();
      const uploadId = (await db.uploadUrls.get(p.id))!.uploadUrl.split('/').pop()!;
      const info = join(t.dataDir, 'uploads', `${uploadId}.json`);
      if (how === 'expired') {
        const meta = JSON.parse(readFileSync(info, 'utf8')) as { creation_date: string };
        meta.creation_date = new Date(Date.now() - 8 * 24 * 3600_000).toISOString();
        writeFileSync(info, JSON.stringify(meta));
      } else {
        await t.app.inject({ method: 'DELETE', url: `/files/uploads/${uploadId}`, headers: { 'tus-resumable': '1.0.0', ...fx.studentHeaders(fx.ana.token) } });
      }
      const res = await uploadPendingAttachments(db, ctx());
      expect(res, how).toEqual({ uploaded: 1, failed: 0 });
      expect((await db.uploadUrls.get(p.id))).toBeUndefined();
      expect((await serverBytes(p.id))?.equals(photo), how).toBe(true);
    }
  });

  it('marks a refused file failed with the server’s reason as a code (the screen words it), and keeps it', async () => {
    const db = openDb(`ref-${randomUUID()}`);
    const photo = fakeJpeg(60_000);
    const badSum = row(photo, { sha256: sha256Hex(Buffer.from('not these bytes')) });
    const png = fakePng(30_000);
    const wrongType = row(png); // declared image/jpeg
    const good = row(fakeJpeg(20_000), { createdAt: new Date(Date.now() + 5).toISOString() });
    await db.attachments.bulkPut([badSum, wrongType, good]);
    const res = await uploadPendingAttachments(db, ctx());
    expect(res).toEqual({ uploaded: 1, failed: 2 });
    const a = await db.attachments.get(badSum.id);
    expect(a?.upload).toBe('failed');
    expect(a?.error).toBe('checksum_mismatch');
    expect(a?.blob.size).toBe(photo.length);
    expect((await db.attachments.get(wrongType.id))?.error).toMatch(/^[a-z_]+$/); // today unsupported_media_type, attachment_content_mismatch once the server's codes land
    expect((await db.attachments.get(good.id))?.upload).toBe('uploaded');
    expect(await serverBytes(badSum.id)).toBeNull();
  });

  it('marks as uploaded an attachment the server already holds (the confirmation was lost)', async () => {
    const db = openDb(`dup-${randomUUID()}`);
    const photo = fakeJpeg(50_000);
    const p = row(photo);
    await db.attachments.put(p);
    expect(await uploadPendingAttachments(db, ctx())).toEqual({ uploaded: 1, failed: 0 });
    await db.attachments.update(p.id, { upload: 'pending', uploadedBytes: 0 });
    const sent = proxy.sent;
    expect(await uploadPendingAttachments(db, ctx())).toEqual({ uploaded: 1, failed: 0 });
    expect(proxy.sent - sent).toBeLessThan(5_000);
  });

  it("leaves a signed-out student's attachments waiting, and stops when aborted", async () => {
    const db = openDb(`wait-${randomUUID()}`);
    const p = row(fakeJpeg(10_000), { studentId: fx.cleo.id });
    await db.attachments.put(p);
    expect(await uploadPendingAttachments(db, ctx())).toEqual({ uploaded: 0, failed: 0 });
    expect((await db.attachments.get(p.id))?.upload).toBe('pending');

    const q = row(fakeJpeg(900_000));
    await db.attachments.put(q);
    const ac = new AbortController();
    const res = await uploadPendingAttachments(db, ctx({ signal: ac.signal, onProgress: (d) => d > 300_000 && ac.abort() }));
    expect(res).toEqual({ uploaded: 0, failed: 0 });
    expect((await db.attachments.get(q.id))?.upload).toBe('uploading');
    expect(await db.uploadUrls.get(q.id)).toBeDefined();
  });
});
