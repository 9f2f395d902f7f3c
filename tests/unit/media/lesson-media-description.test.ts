/**
 * A lesson image's description (its alternative text on the tablets): the teacher of the class
 * sets it with PATCH /api/lessons/:id/media/:mediaId; it travels in the lesson's MediaRef, and the
 * lesson is re-stamped so tablets pull it again. Someone else's lesson, an unknown medium and
 * bad bodies are clear 4xx, and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createMediaFixture, type MediaFixture } from './media-fixture.ts';
import { fakeJpeg } from './media-bytes.ts';
import type { Lesson, MediaRef } from '../../../src/protocol/entities.ts';

let t: TestApp;
let fx: MediaFixture;
let lessonId: string;
let media: MediaRef;

beforeAll(async () => {
  t = await startTestApp();
  fx = await createMediaFixture(t.store);
  lessonId = fx.addLesson();
  const res = await t.app.inject({ method: 'POST', url: `/api/lessons/${lessonId}/media?name=IMG_0815.jpg`, headers: { ...fx.userHeaders(fx.teacher.token), 'content-type': 'image/jpeg' }, payload: fakeJpeg(3000) });
  media = res.json() as MediaRef;
});
afterAll(async () => {
  await t.close();
});

const describeAs = (token: string, payload: unknown, lesson = lessonId, mediaId = media.id) =>
  t.app.inject({ method: 'PATCH', url: `/api/lessons/${lesson}/media/${mediaId}`, headers: fx.userHeaders(token), payload: payload as object });
const stored = () => t.store.db.prepare('SELECT description FROM lesson_media WHERE id = ?').pluck().get(media.id);
const seq = () => t.store.db.prepare("SELECT seq FROM changes WHERE entity = 'lesson' AND entity_id = ?").pluck().get(lessonId) as number;

describe('lesson image description', () => {
  it('starts empty, is set by the teacher, travels in the lesson, and re-stamps it for the tablets', async () => {
    expect(media.description).toBe('');
    const before = seq();
    const res = await describeAs(fx.teacher.token, { description: '  Carte de France des fleuves  ' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: media.id, name: 'IMG_0815.jpg', description: 'Carte de France des fleuves' });
    expect(seq()).toBeGreaterThan(before);
    const lesson = (await t.app.inject({ method: 'GET', url: `/api/lessons/${lessonId}`, headers: fx.userHeaders(fx.teacher.token) })).json() as Lesson;
    expect(lesson.media.map((m) => m.description)).toEqual(['Carte de France des fleuves']);
    // What the tablet pulls carries it too.
    const pull = await t.app.inject({ method: 'GET', url: '/api/sync/pull', headers: fx.studentHeaders(fx.ana.token) });
    expect(pull.statusCode).toBe(200);
    expect(JSON.stringify(pull.json())).toContain('Carte de France des fleuves');
  });

  it('refuses someone else\'s lesson, an unknown medium and bad bodies, and keeps the description', async () => {
    await describeAs(fx.teacher.token, { description: 'Carte de France des fleuves' });
    const cases: Array<[string, unknown, string, string, number, string]> = [
      ['another teacher', { description: 'x' }, fx.otherTeacher.token, media.id, 404, 'lesson_not_found'],
      ['unknown medium', { description: 'x' }, fx.teacher.token, 'nope', 404, 'media_not_found'],
      ['too long', { description: 'x'.repeat(501) }, fx.teacher.token, media.id, 400, 'validation'],
      ['wrong type', { description: 42 }, fx.teacher.token, media.id, 400, 'validation'],
      ['extra field', { description: 'x', name: 'autre.jpg' }, fx.teacher.token, media.id, 400, 'validation'],
    ];
    for (const [label, body, token, mediaId, status, code] of cases) {
      const r = await describeAs(token, body, lessonId, mediaId);
      expect([label, r.statusCode, r.json().error?.code]).toEqual([label, status, code]);
    }
    expect(stored()).toBe('Carte de France des fleuves');
  });
});
