/**
 * Paper homework coming back: the teacher's photo of a pupil's sheet becomes that pupil's
 * handed-in work (attachment + 'submit' revision + change for the pupil's tablets), with
 * the same authorization as feedback (a teacher of the class) and clear 4xx otherwise.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { auth, makeFixture, type Fixture } from './console/school-fixture.ts';
import { serverErrorsFr } from '../../../src/i18n/server-errors-fr.ts';

/** Enough of a JPEG for the magic-byte check (SOI + JFIF APP0), plus some payload. */
const jpeg = (seed: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.alloc(2000, seed), Buffer.from([0xff, 0xd9])]);

let t: TestApp;
let f: Fixture;
beforeEach(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
});
afterEach(async () => {
  await t.close();
});

const post = (assignmentId: string, studentId: string, body: Buffer, headers: Record<string, string>, query = '') =>
  t.app.inject({ method: 'POST', url: `/api/assignments/${assignmentId}/students/${studentId}/paper${query}`, payload: body, headers: { 'content-type': 'image/jpeg', ...headers } });

const count = (sql: string, ...args: unknown[]) => t.store.db.prepare(sql).pluck().get(...args) as number;

describe('POST /api/assignments/:id/students/:studentId/paper', () => {
  it('hands in the photo as the work of a pupil who had not started, visible to the teacher and synced to the pupil', async () => {
    const pupil = f.students[1]!;
    const photo = jpeg(7);
    const res = await post(f.assignmentA, pupil, photo, auth(f.tokens.teacher));
    expect(res.statusCode, res.body).toBe(201);
    const { submission, attachment } = res.json();
    expect(submission).toMatchObject({ studentId: pupil, assignmentId: f.assignmentA, state: 'submitted', complete: true, late: false });
    expect(submission.submitted.kind).toBe('submit');
    expect(submission.submitted.deviceId).toBeNull();
    expect(submission.submitted.answers).toEqual([{ questionId: 'q1', attachmentIds: [attachment.id] }]);
    expect(attachment).toMatchObject({ kind: 'photo', mime: 'image/jpeg', size: photo.length, complete: true, studentId: pupil });

    // The teacher reads it back, byte for byte, through the media area's route.
    const bytes = await t.app.inject({ method: 'GET', url: attachment.url, headers: auth(f.tokens.teacher) });
    expect(bytes.statusCode).toBe(200);
    expect(Buffer.compare(bytes.rawPayload, photo)).toBe(0);
    const detail = await t.app.inject({ method: 'GET', url: `/api/submissions/${submission.id}`, headers: auth(f.tokens.teacher) });
    expect(detail.json().attachments.map((a: { id: string }) => a.id)).toEqual([attachment.id]);
    const rows = await t.app.inject({ method: 'GET', url: `/api/assignments/${f.assignmentA}/submissions`, headers: auth(f.tokens.teacher) });
    expect(rows.json().find((r: { student: { id: string } }) => r.student.id === pupil).submission.state).toBe('submitted');

    // Recorded for the pupil's tablets.
    expect(count(`SELECT COUNT(*) FROM changes WHERE scope = ? AND entity = 'submission' AND entity_id = ?`, `student:${pupil}`, submission.id)).toBe(1);
  });

  it('keeps the answers a pupil already gave, as a new revision; late after the due date; a resubmission after a return', async () => {
    const pupil = f.students[0]!;
    t.store.db.prepare('UPDATE assignments SET due_at = ? WHERE id = ?').run('2020-01-01T00:00:00.000Z', f.assignmentA);
    const fb = await t.app.inject({ method: 'PUT', url: `/api/submissions/${f.submissionA}/feedback`, headers: auth(f.tokens.teacher), payload: { perQuestion: [], comment: 'Refais-le', mark: null, maxMark: 5 } });
    expect(fb.statusCode, fb.body).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `/api/submissions/${f.submissionA}/return`, headers: auth(f.tokens.teacher) })).statusCode).toBe(200);

    const res = await post(f.assignmentA, pupil, jpeg(3), auth(f.tokens.teacher), '?questionId=q1');
    expect(res.statusCode, res.body).toBe(201);
    const { submission, attachment } = res.json();
    expect(submission.id).toBe(f.submissionA);
    expect(submission.submitted.number).toBe(2);
    expect(submission.submitted.answers).toEqual([{ questionId: 'q1', text: 'Ma réponse', attachmentIds: [attachment.id] }]);
    expect(submission).toMatchObject({ state: 'submitted', late: true, resubmitted: true });
  });

  it('refuses students, other teachers, other schools and the IT referent, storing nothing', async () => {
    const pupil = f.students[1]!;
    const before = count('SELECT COUNT(*) FROM attachments');
    expect((await post(f.assignmentA, pupil, jpeg(1), {})).statusCode).toBe(401);
    expect((await post(f.assignmentA, pupil, jpeg(1), auth(f.tokens.student, f.deviceToken))).statusCode).toBe(403);
    expect((await post(f.assignmentA, pupil, jpeg(1), auth(f.tokens.teacher2))).statusCode).toBe(404);
    expect((await post(f.assignmentA, pupil, jpeg(1), auth(f.tokens.itB))).statusCode).toBe(404);
    expect((await post(f.assignmentA, pupil, jpeg(1), auth(f.tokens.it))).statusCode).toBe(403);
    expect(count('SELECT COUNT(*) FROM attachments')).toBe(before);
    expect(count('SELECT COUNT(*) FROM submissions WHERE student_id = ?', pupil)).toBe(0);
  });

  it('answers clear 4xx for bad input and nothing is stored', async () => {
    const pupil = f.students[1]!;
    const h = auth(f.tokens.teacher);
    const notJpeg = await post(f.assignmentA, pupil, Buffer.from('%PDF-1.4 not a photo'), h);
    expect(notJpeg.statusCode).toBe(415);
    expect(notJpeg.json().error.code).toBe('photo_type_unsupported');
    const gif = await post(f.assignmentA, pupil, Buffer.from('GIF89a......'), { ...h, 'content-type': 'image/gif' });
    expect(gif.statusCode).toBe(415);
    const json = await t.app.inject({ method: 'POST', url: `/api/assignments/${f.assignmentA}/students/${pupil}/paper`, headers: h, payload: { photo: 'x' } });
    expect(json.statusCode).toBe(415);
    expect((await post(f.assignmentA, f.studentOther, jpeg(2), h)).statusCode).toBe(404);
    expect((await post(f.assignmentA, pupil, jpeg(2), h, '?questionId=nope')).statusCode).toBe(404);
    expect((await post('no-such-assignment', pupil, jpeg(2), h)).statusCode).toBe(404);
    const draft = await t.app.inject({
      method: 'POST', url: `/api/classes/${f.classA}/assignments`, headers: h,
      payload: { title: 'Brouillon', instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q1', kind: 'photo', prompt: 'Photo', points: 1 }] },
    });
    const drafted = await post(draft.json().id, pupil, jpeg(2), h);
    expect(drafted.statusCode).toBe(409);
    expect(drafted.json().error.message).toMatch(/Publish/);
    const big = await post(f.assignmentA, pupil, Buffer.concat([jpeg(1), Buffer.alloc(16 * 1024 * 1024)]), h);
    expect(big.statusCode).toBe(413);
    expect(count('SELECT COUNT(*) FROM attachments WHERE student_id = ?', pupil)).toBe(0);
    expect(count('SELECT COUNT(*) FROM submissions WHERE student_id = ?', pupil)).toBe(0);
  });

  it('targets a group assignment only to its members', async () => {
    const h = auth(f.tokens.teacher);
    const created = await t.app.inject({
      method: 'POST', url: `/api/classes/${f.classA}/assignments`, headers: h,
      payload: { title: 'Soutien', instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q1', kind: 'photo', prompt: 'Photo', points: 1 }], groupId: f.groupA },
    });
    const id = created.json().id as string;
    expect((await t.app.inject({ method: 'POST', url: `/api/assignments/${id}/publish`, headers: h, payload: { groupId: f.groupA } })).statusCode).toBe(200);
    expect((await post(id, f.students[1]!, jpeg(4), h)).statusCode).toBe(404);
    expect((await post(id, f.students[0]!, jpeg(4), h)).statusCode).toBe(201);
  });
});

describe('paper packs going out (issue 15)', () => {
  const pack = (assignmentId: string, payload: unknown, token = f.tokens.teacher) =>
    t.app.inject({ method: 'POST', url: `/api/assignments/${assignmentId}/paper-pack`, payload: payload as object, headers: auth(token) });

  it('answers one PDF for the chosen pupils, to download under the assignment\'s name, and lists them as printed', async () => {
    const res = await pack(f.assignmentA, { studentIds: [f.students[1], f.students[2]] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="devoirs-papier-exercices.pdf"');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const list = await t.app.inject({ method: 'GET', url: `/api/assignments/${f.assignmentA}/paper-packs`, headers: auth(f.tokens.teacher) });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((p: { studentId: string }) => p.studentId).sort()).toEqual([f.students[1], f.students[2]].sort());
    expect(list.json()[0]).toMatchObject({ sentAt: null, receivedAt: null, layoutVersion: 1, printedAt: expect.any(String) });
    expect(list.json()[0].code).toBeUndefined(); // the QR id stays on paper

    const sent = await t.app.inject({ method: 'POST', url: `/api/assignments/${f.assignmentA}/paper-packs/sent`, payload: { studentIds: [f.students[1]] }, headers: auth(f.tokens.teacher) });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().find((p: { studentId: string }) => p.studentId === f.students[1]).sentAt).toEqual(expect.any(String));
  });

  it('refuses with a code the console words in French: no pupil, too many, a pupil of another class, another teacher, a pack not printed', async () => {
    const empty = await pack(f.assignmentA, { studentIds: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'paper_students_required' });
    expect(serverErrorsFr.paper_students_required).toBe('Choisissez au moins un élève pour le dossier papier.');
    const many = await pack(f.assignmentA, { studentIds: Array.from({ length: 41 }, (_, i) => `eleve-${i}`) });
    expect(many.statusCode).toBe(400);
    expect(many.json().error).toMatchObject({ code: 'paper_students_too_many', params: { max: 40 } });
    expect((await pack(f.assignmentA, { studentIds: [f.studentOther] })).json().error).toMatchObject({ code: 'student_not_found' });
    expect((await pack(f.assignmentA, { studentIds: [f.students[0]] }, f.tokens.teacher2)).statusCode).toBe(404);
    expect((await pack(f.assignmentA, { studentIds: 'all' })).statusCode).toBe(400);
    const asPupil = await t.app.inject({ method: 'POST', url: `/api/assignments/${f.assignmentA}/paper-pack`, payload: { studentIds: [f.students[0]] }, headers: auth(f.tokens.student, f.deviceToken) });
    expect(asPupil.statusCode).toBe(403);
    const notPrinted = await t.app.inject({ method: 'POST', url: `/api/assignments/${f.assignmentA}/paper-packs/sent`, payload: { studentIds: [f.students[0]] }, headers: auth(f.tokens.teacher) });
    expect(notPrinted.statusCode).toBe(409);
    expect(notPrinted.json().error).toMatchObject({ code: 'paper_student_not_in_pack' });
    // Nothing was recorded by the refusals.
    expect(count('SELECT COUNT(*) FROM paper_packs')).toBe(0);
  });
});
