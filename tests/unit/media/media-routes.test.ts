/** Lesson media (teacher upload, student download with ETag/Range) and attachment reads, on the real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createMediaFixture, type MediaFixture } from './media-fixture.ts';
import { fakeJpeg, fakeWebm, sha256Hex, tusMetadata } from './media-bytes.ts';
import type { MediaRef } from '../../../src/protocol/entities.ts';

let t: TestApp;
let fx: MediaFixture;

beforeAll(async () => {
  t = await startTestApp();
  fx = await createMediaFixture(t.store);
});
afterAll(async () => {
  await t.close();
});

const addMedia = (token: string, lessonId: string, body: Buffer, contentType = 'image/jpeg', name = 'carte.jpg') =>
  t.app.inject({ method: 'POST', url: `/api/lessons/${lessonId}/media?name=${encodeURIComponent(name)}`, headers: { ...fx.userHeaders(token), 'content-type': contentType }, payload: body });

const getMedia = (headers: Record<string, string>, id: string, extra: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: `/media/${id}`, headers: { ...headers, ...extra } });

describe('lesson media', () => {
  it('lets the teacher add an image, re-stamps the published lesson, and serves it with ETag, Range and immutable caching', async () => {
    const lessonId = fx.addLesson();
    const seqBefore = t.store.db.prepare("SELECT seq FROM changes WHERE entity = 'lesson' AND entity_id = ?").pluck().get(lessonId) as number;
    const bytes = fakeJpeg(5000);
    const res = await addMedia(fx.teacher.token, lessonId, bytes);
    expect(res.statusCode).toBe(201);
    const ref = res.json() as MediaRef;
    expect(ref).toMatchObject({ kind: 'image', mime: 'image/jpeg', size: 5000, sha256: sha256Hex(bytes), name: 'carte.jpg', url: `/media/${ref.id}` });
    const seqAfter = t.store.db.prepare("SELECT seq FROM changes WHERE entity = 'lesson' AND entity_id = ?").pluck().get(lessonId) as number;
    expect(seqAfter).toBeGreaterThan(seqBefore);

    const ana = fx.studentHeaders(fx.ana.token);
    const full = await getMedia(ana, ref.id);
    expect(full.statusCode).toBe(200);
    expect(full.rawPayload.equals(bytes)).toBe(true);
    expect(full.headers).toMatchObject({
      etag: `"${ref.sha256}"`, 'content-type': 'image/jpeg', 'x-content-type-options': 'nosniff', 'accept-ranges': 'bytes', 'content-length': '5000',
    });
    expect(full.headers['cache-control']).toContain('immutable');
    expect(full.headers['content-encoding']).toBeUndefined();
    // Cached once per device by URL: the answer must not vary by request headers.
    expect(full.headers.vary).toBeUndefined();

    const part = await getMedia(ana, ref.id, { range: 'bytes=100-199', 'accept-encoding': 'gzip' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 100-199/5000');
    expect(part.rawPayload.equals(bytes.subarray(100, 200))).toBe(true);
    const suffix = await getMedia(ana, ref.id, { range: 'bytes=-10' });
    expect(suffix.statusCode).toBe(206);
    expect(suffix.rawPayload.equals(bytes.subarray(4990))).toBe(true);
    const open = await getMedia(ana, ref.id, { range: 'bytes=4000-' });
    expect(open.headers['content-range']).toBe('bytes 4000-4999/5000');

    const outside = await getMedia(ana, ref.id, { range: 'bytes=6000-7000' });
    expect(outside.statusCode).toBe(416);
    expect(outside.headers['content-range']).toBe('bytes */5000');
    expect(outside.headers['content-type']).toMatch(/^application\/json/);
    expect(outside.json().error.code).toBeDefined();

    expect((await getMedia(ana, ref.id, { 'if-none-match': `"${ref.sha256}"` })).statusCode).toBe(304);
    // A stale If-Range answers the whole file, not a piece of another version.
    const stale = await getMedia(ana, ref.id, { range: 'bytes=0-9', 'if-range': '"other"' });
    expect(stale.statusCode).toBe(200);
  });

  it('keeps the same bytes once when added twice', async () => {
    const lessonId = fx.addLesson();
    const bytes = fakeJpeg(3000);
    const a = (await addMedia(fx.teacher.token, lessonId, bytes)).json() as MediaRef;
    const b = (await addMedia(fx.teacher.token, lessonId, bytes, 'image/jpeg', 'copie.jpg')).json() as MediaRef;
    expect(a.id).not.toBe(b.id);
    expect(a.sha256).toBe(b.sha256);
    expect(t.store.db.prepare('SELECT COUNT(*) FROM blobs WHERE sha256 = ?').pluck().get(a.sha256)).toBe(1);
  });

  it('shows lesson media to students only when the lesson is published to them', async () => {
    const draft = fx.addLesson({ published: false });
    const other = fx.addLesson({ classId: fx.otherClassId });
    const groupId = randomUUID();
    t.store.db.prepare('INSERT INTO groups (id, class_id, name, created_at) VALUES (?, ?, ?, ?)').run(groupId, fx.classId, 'Groupe 1', new Date().toISOString());
    t.store.db.prepare('INSERT INTO group_members (group_id, student_id) VALUES (?, ?)').run(groupId, fx.ben.id);
    const grouped = fx.addLesson({ groupId });

    const inDraft = (await addMedia(fx.teacher.token, draft, fakeJpeg(1000))).json() as MediaRef;
    const inGroup = (await addMedia(fx.teacher.token, grouped, fakeJpeg(1000))).json() as MediaRef;
    const inOther = (await addMedia(fx.otherTeacher.token, other, fakeJpeg(1000))).json() as MediaRef;

    const ana = fx.studentHeaders(fx.ana.token);
    const ben = fx.studentHeaders(fx.ben.token);
    expect((await getMedia(ana, inDraft.id)).statusCode).toBe(404);
    expect((await getMedia(fx.userHeaders(fx.teacher.token), inDraft.id)).statusCode).toBe(200);
    expect((await getMedia(ana, inGroup.id)).statusCode).toBe(404);
    expect((await getMedia(ben, inGroup.id)).statusCode).toBe(200);
    expect((await getMedia(ana, inOther.id)).statusCode).toBe(404);
    expect((await getMedia({}, inOther.id)).statusCode).toBe(401);
    expect((await getMedia(ana, 'not-a-uuid')).statusCode).toBe(400);
  });

  it('refuses media from the wrong people, of the wrong type, too large or with a tricky name', async () => {
    const lessonId = fx.addLesson();
    expect((await addMedia(fx.otherTeacher.token, lessonId, fakeJpeg(100))).statusCode).toBe(404); // another class's lesson looks like no lesson
    const asStudent = await t.app.inject({
      method: 'POST', url: `/api/lessons/${lessonId}/media`, headers: { ...fx.studentHeaders(fx.ana.token), 'content-type': 'image/jpeg' }, payload: fakeJpeg(100),
    });
    expect(asStudent.statusCode).toBe(403);
    expect((await addMedia(fx.it.token, lessonId, fakeJpeg(100))).statusCode).toBe(201);

    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const wrong = await addMedia(fx.teacher.token, lessonId, html, 'image/png');
    expect(wrong.statusCode).toBe(415);
    expect(wrong.json().error.code).toBe('media_type_unsupported');
    expect((await addMedia(fx.teacher.token, lessonId, fakeWebm(500), 'image/png')).statusCode).toBe(415);
    expect((await addMedia(fx.teacher.token, lessonId, fakeWebm(500), 'audio/webm', 'lecture.webm')).statusCode).toBe(201);
    expect((await addMedia(fx.teacher.token, lessonId, Buffer.from('x'), 'text/plain')).statusCode).toBe(415);

    const big = await addMedia(fx.teacher.token, lessonId, fakeJpeg(15 * 1024 * 1024 + 10));
    expect(big.statusCode).toBe(413);
    expect((await addMedia(fx.teacher.token, lessonId, fakeJpeg(100), 'image/jpeg', '../../etc/passwd')).statusCode).toBe(400);
    expect((await addMedia(fx.teacher.token, randomUUID(), fakeJpeg(100))).statusCode).toBe(404);
  });

  it('removes a medium from its lesson', async () => {
    const lessonId = fx.addLesson();
    const ref = (await addMedia(fx.teacher.token, lessonId, fakeJpeg(800))).json() as MediaRef;
    const del = (who: string, lesson = lessonId) => t.app.inject({ method: 'DELETE', url: `/api/lessons/${lesson}/media/${ref.id}`, headers: fx.userHeaders(who) });
    expect((await del(fx.otherTeacher.token)).statusCode).toBe(404);
    expect((await del(fx.teacher.token, fx.addLesson())).statusCode).toBe(404);
    expect((await del(fx.teacher.token)).statusCode).toBe(204);
    expect((await getMedia(fx.userHeaders(fx.teacher.token), ref.id)).statusCode).toBe(404);
    expect((await del(fx.teacher.token)).statusCode).toBe(404);
  });
});

describe('attachment downloads', () => {
  it('serves a complete attachment to its owner, the class teacher and IT only', async () => {
    const base = await t.listen();
    const bytes = fakeJpeg(4000);
    const id = randomUUID();
    const created = await fetch(`${base}/files/uploads/`, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', ...fx.studentHeaders(fx.ana.token), 'upload-length': String(bytes.length), 'upload-metadata': tusMetadata({ attachmentId: id, kind: 'photo', mime: 'image/jpeg', sha256: sha256Hex(bytes) }) },
    });
    const url = new URL(created.headers.get('location')!, base);
    const get = (h: Record<string, string>) => t.app.inject({ method: 'GET', url: `/files/attachments/${id}`, headers: h });
    expect((await get(fx.studentHeaders(fx.ana.token))).statusCode).toBe(409); // still uploading
    await fetch(url, { method: 'PATCH', headers: { 'tus-resumable': '1.0.0', ...fx.studentHeaders(fx.ana.token), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' }, body: bytes });

    const own = await get(fx.studentHeaders(fx.ana.token));
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload.equals(bytes)).toBe(true);
    expect(own.headers['cache-control']).toBe('private, no-cache');
    expect((await get(fx.userHeaders(fx.teacher.token))).statusCode).toBe(200);
    expect((await get(fx.userHeaders(fx.it.token))).statusCode).toBe(200);
    expect((await get(fx.studentHeaders(fx.ben.token))).statusCode).toBe(404);
    expect((await get(fx.userHeaders(fx.otherTeacher.token))).statusCode).toBe(404);
    const range = await t.app.inject({ method: 'GET', url: `/files/attachments/${id}`, headers: { ...fx.userHeaders(fx.teacher.token), range: 'bytes=0-3' } });
    expect(range.statusCode).toBe(206);
    expect(range.rawPayload.equals(bytes.subarray(0, 4))).toBe(true);
  });
});
