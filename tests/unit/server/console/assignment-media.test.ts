/**
 * Images and sounds on an assignment's instructions and questions (issue 13), through the real
 * routes: the same upload checks as lesson media; the assignment (console and sync) lists them
 * with their question; a pupil reads the bytes only while the assignment is published to them;
 * a change re-stamps a published assignment for the tablets; bad input is a 4xx with a code.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { arpeggioWav, fractionDiagramPng } from '../../../../server/seed/demo-media.ts';
import { auth, makeFixture, type Fixture } from './school-fixture.ts';
import type { Assignment, MediaRef } from '../../../../src/protocol/entities.ts';

let t: TestApp;
let f: Fixture;
let a: Assignment;
const png = fractionDiagramPng();
const wav = arpeggioWav();

beforeEach(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
  a = await t.store.content.createAssignment(SYSTEM, f.classA, {
    title: 'Les fractions', instructionsMarkdown: 'Regarde le schéma.', dueAt: null,
    questions: [{ id: 'q1', kind: 'text', prompt: 'Quelle part est coloriée ?', points: 2 }, { id: 'q2', kind: 'audio', prompt: 'Répète la mélodie.', points: 2, maxDurationSec: 60 }],
  });
});
afterEach(async () => { await t.close(); });

const upload = (token: string, id: string, query: string, type: string, body: Buffer) =>
  t.app.inject({ method: 'POST', url: `/api/assignments/${id}/media?${query}`, headers: { ...auth(token), 'content-type': type }, payload: body });
const pull = async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/sync/pull?cursor=&limit=500', headers: auth(f.tokens.student, f.deviceToken) });
  return (res.json() as { changes: Array<{ id: string; entity: string; data?: Assignment }> }).changes.find((c) => c.entity === 'assignment' && c.id === a.id);
};

describe('assignment media', () => {
  it('attaches an image to a question and a sound to the instructions; the console and the tablets list them with their question', async () => {
    const image = await upload(f.tokens.teacher, a.id, 'name=fraction.png&questionId=q1', 'image/png', png);
    expect(image.statusCode, image.body).toBe(201);
    expect(image.json()).toMatchObject({ kind: 'image', mime: 'image/png', name: 'fraction.png', questionId: 'q1', description: '' });
    const sound = await upload(f.tokens.teacher, a.id, 'name=consigne.wav', 'audio/wav', wav);
    expect(sound.statusCode, sound.body).toBe(201);
    expect(sound.json()).toMatchObject({ kind: 'audio', questionId: null });
    const described = await t.app.inject({ method: 'PATCH', url: `/api/assignments/${a.id}/media/${image.json().id}`, headers: auth(f.tokens.teacher), payload: { description: ' Un disque coupé en 4, 3 parts coloriées. ' } });
    expect(described.json().description).toBe('Un disque coupé en 4, 3 parts coloriées.');

    const got = (await t.app.inject({ method: 'GET', url: `/api/assignments/${a.id}`, headers: auth(f.tokens.teacher) })).json() as Assignment;
    expect(got.media!.map((m: MediaRef) => [m.name, m.questionId])).toEqual([['fraction.png', 'q1'], ['consigne.wav', null]]);

    // A draft: no tablet sees it nor reads its bytes.
    expect(await pull()).toBeUndefined();
    const denied = await t.app.inject({ method: 'GET', url: `/media/${image.json().id}`, headers: auth(f.tokens.student, f.deviceToken) });
    expect(denied.statusCode).toBe(404);

    await t.store.content.publishAssignment(SYSTEM, a.id, null);
    expect((await pull())?.data?.media?.map((m) => m.questionId)).toEqual(['q1', null]);
    const bytes = await t.app.inject({ method: 'GET', url: `/media/${image.json().id}`, headers: auth(f.tokens.student, f.deviceToken) });
    expect(bytes.statusCode).toBe(200);
    expect(bytes.rawPayload.equals(png)).toBe(true);

    // Removing one re-stamps the published assignment: the tablets pull the shorter list.
    const before = t.store.db.prepare("SELECT seq FROM changes WHERE entity = 'assignment' AND entity_id = ?").pluck().get(a.id) as number;
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/assignments/${a.id}/media/${sound.json().id}`, headers: auth(f.tokens.teacher) });
    expect(removed.statusCode).toBe(204);
    expect(t.store.db.prepare("SELECT seq FROM changes WHERE entity = 'assignment' AND entity_id = ?").pluck().get(a.id)).toBeGreaterThan(before);
    expect((await pull())?.data?.media?.map((m) => m.name)).toEqual(['fraction.png']);
  });

  it('leaves out the media of a question removed since', async () => {
    await upload(f.tokens.teacher, a.id, 'name=fraction.png&questionId=q2', 'image/png', png);
    const edited = await t.store.content.updateAssignment(SYSTEM, a.id, { questions: [{ id: 'q1', kind: 'text', prompt: 'Quelle part ?', points: 2 }] });
    expect(edited.media).toEqual([]);
  });

  it('refuses with 4xx codes: an unknown question, someone else\'s assignment, a student, a wrong type, an empty body', async () => {
    const cases: Array<[string, string, string, string, Buffer, number, string]> = [
      [f.tokens.teacher, a.id, 'name=x.png&questionId=q9', 'image/png', png, 404, 'question_not_found'],
      [f.tokens.teacher2, a.id, 'name=x.png', 'image/png', png, 404, 'assignment_not_found'],
      [f.tokens.itB, a.id, 'name=x.png', 'image/png', png, 404, 'assignment_not_found'],
      [f.tokens.it, a.id, 'name=x.png', 'image/png', png, 403, 'teacher_only'],
      [f.tokens.teacher, 'not-an-id', 'name=x.png', 'image/png', png, 404, 'assignment_not_found'],
      [f.tokens.teacher, a.id, 'name=x.png', 'audio/wav', png, 415, 'media_type_unsupported'],
      [f.tokens.teacher, a.id, 'name=x.png', 'image/png', Buffer.alloc(0), 415, 'media_body_missing'],
      [f.tokens.teacher, a.id, 'name=a%2Fb.png', 'image/png', png, 400, 'media_name_invalid'],
    ];
    for (const [token, id, query, type, body, status, code] of cases) {
      const res = await upload(token, id, query, type, body);
      expect([res.statusCode, res.json().error?.code], query).toEqual([status, code]);
    }
    const student = await t.app.inject({ method: 'POST', url: `/api/assignments/${a.id}/media?name=x.png`, headers: { ...auth(f.tokens.student, f.deviceToken), 'content-type': 'image/png' }, payload: png });
    expect(student.statusCode).toBe(403);
    const unknown = await t.app.inject({ method: 'DELETE', url: `/api/assignments/${a.id}/media/00000000-0000-4000-8000-000000000000`, headers: auth(f.tokens.teacher) });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'media_not_found']);
    expect(t.store.db.prepare('SELECT COUNT(*) FROM lesson_media WHERE assignment_id = ?').pluck().get(a.id)).toBe(0);
  });
});
