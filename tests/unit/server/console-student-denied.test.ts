/**
 * "A student token can call none of the teacher or admin APIs": the console routes are
 * covered role × route by tests/unit/server/console/authorization-matrix.test.ts; this
 * covers the teacher routes outside it — the media area's lesson-media writes and the
 * console's paper route — with a signed-in student on their enrolled tablet: 403, and
 * nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { auth, makeFixture, type Fixture } from './console/school-fixture.ts';

const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.alloc(500, 1), Buffer.from([0xff, 0xd9])]);

let t: TestApp;
let f: Fixture;
let mediaId = '';
beforeAll(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
  const added = await t.app.inject({ method: 'POST', url: `/api/lessons/${f.lessonA}/media?name=a.jpg`, headers: { ...auth(f.tokens.teacher), 'content-type': 'image/jpeg' }, payload: jpeg });
  expect(added.statusCode, added.body).toBe(201);
  mediaId = added.json().id;
});
afterAll(async () => {
  await t.close();
});

const snapshot = () => t.store.db.prepare(
  `SELECT (SELECT COUNT(*) FROM lesson_media) AS media, (SELECT COUNT(*) FROM attachments) AS attachments, (SELECT COUNT(*) FROM submission_revisions) AS revisions`,
).get();

describe('a student token on the teacher routes outside the console matrix', () => {
  const routes = () => [
    { method: 'POST' as const, url: `/api/lessons/${f.lessonA}/media?name=b.jpg`, contentType: 'image/jpeg', payload: jpeg },
    { method: 'DELETE' as const, url: `/api/lessons/${f.lessonA}/media/${mediaId}` },
    { method: 'POST' as const, url: `/api/assignments/${f.assignmentA}/students/${f.students[0]}/paper`, contentType: 'image/jpeg', payload: jpeg },
    { method: 'POST' as const, url: `/api/assignments/${f.assignmentA}/students/${f.students[1]}/paper`, contentType: 'image/jpeg', payload: jpeg },
  ];
  it.each([0, 1, 2, 3])('route %i answers 403 and changes nothing', async (i) => {
    const r = routes()[i]!;
    const before = snapshot();
    const res = await t.app.inject({
      method: r.method, url: r.url, payload: r.payload,
      headers: { ...auth(f.tokens.student, f.deviceToken), ...(r.contentType ? { 'content-type': r.contentType } : {}) },
    });
    expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBe(403);
    expect(res.json().error.code).toBe('staff_only');
    expect(snapshot()).toEqual(before);
  });
  it('the same calls work for the class teacher (the test can fail)', async () => {
    const r = routes()[2]!;
    const res = await t.app.inject({ method: r.method, url: r.url, payload: r.payload, headers: { ...auth(f.tokens.teacher), 'content-type': 'image/jpeg' } });
    expect(res.statusCode).toBe(201);
  });
});
