/**
 * The teacher's annotations over a pupil's photo (issue 13): PUT the layer, who may, which
 * photos, what a bad layer answers (a code, never a 500), and that the pupil's feedback carries
 * the layer only from the return — an edit after it waits for the next return.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { insertAttachment, insertPhotoSubmission } from '../../../helpers/photo-submission.ts';
import { auth, makeFixture, type Fixture } from './school-fixture.ts';
import { pupilFeedbackWire } from '../../../../server/content/wire.ts';
import { MAX_ANNOTATION_TEXT, MAX_MARKS, type AnnotationMark } from '../../../../src/protocol/annotations.ts';
import { serverErrorsFr } from '../../../../src/i18n/server-errors-fr.ts';

let t: TestApp;
let f: Fixture;
beforeAll(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
});
afterAll(async () => { await t?.close(); });

const MARKS: AnnotationMark[] = [
  { kind: 'pen', colour: 'red', points: [0.1, 0.1, 0.2, 0.15, 0.3, 0.12] },
  { kind: 'circle', colour: 'red', cx: 0.5, cy: 0.5, rx: 0.1, ry: 0.05 },
  { kind: 'tick', colour: 'green', x: 0.8, y: 0.2 },
  { kind: 'cross', colour: 'red', x: 0.8, y: 0.6 },
  { kind: 'text', colour: 'blue', x: 0.1, y: 0.9, text: 'Revois la retenue' },
];

/** A copy of a new photo assignment (one copy per pupil and assignment). */
async function photoCopy(studentIndex = 0, o: { state?: 'draft' | 'submitted'; attachmentIds?: string[] } = {}) {
  const a = await t.store.content.createAssignment(SYSTEM, f.classA, {
    title: 'Photo de ton brouillon', instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q1', kind: 'photo', prompt: 'Photographie ta feuille.', points: 5 }],
  });
  await t.store.content.publishAssignment(SYSTEM, a.id, null);
  return insertPhotoSubmission(t.store, { schoolId: f.schoolA, assignmentId: a.id, studentId: f.students[studentIndex]!, questionId: 'q1', ...o });
}

const put = (token: string, submissionId: string, attachmentId: string, payload: unknown) =>
  t.app.inject({ method: 'PUT', url: `/api/submissions/${submissionId}/attachments/${attachmentId}/annotations`, headers: auth(token), payload: payload as object });

async function pupilFeedback(submissionId: string) {
  return t.store.database.read(async (tx) => {
    const sub = (await tx.submissions.byId(submissionId))!;
    return pupilFeedbackWire(tx, (await tx.feedback.bySubmission(submissionId))!, sub);
  });
}

describe('PUT /api/submissions/:id/attachments/:attachmentId/annotations', () => {
  it('saves the teacher’s layer and shows it in the copy, not yet returned', async () => {
    const c = await photoCopy();
    const res = await put(f.tokens.teacher, c.submissionId, c.attachmentId, { marks: MARKS });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ attachmentId: c.attachmentId, marks: MARKS, returned: false });
    const detail = await t.app.inject({ method: 'GET', url: `/api/submissions/${c.submissionId}`, headers: auth(f.tokens.teacher) });
    expect(detail.json().annotations).toEqual([expect.objectContaining({ attachmentId: c.attachmentId, marks: MARKS, returned: false })]);
    // A second save replaces the layer (undo, erase: the console sends the whole layer).
    const again = await put(f.tokens.teacher, c.submissionId, c.attachmentId, { marks: MARKS.slice(0, 2) });
    expect(again.json().marks).toEqual(MARKS.slice(0, 2));
    const erased = await put(f.tokens.teacher, c.submissionId, c.attachmentId, { marks: [] });
    expect(erased.json().marks).toEqual([]);
    // The photo's bytes are not touched: the attachment row is as it was.
    expect(t.store.db.prepare('SELECT size, sha256 FROM attachments WHERE id = ?').get(c.attachmentId)).toEqual({ size: 1000, sha256: 'a'.repeat(64) });
  });

  it('is for a teacher of the class only: IT 403, another teacher or school 404, a pupil 403, nobody 401', async () => {
    const c = await photoCopy();
    expect((await put(f.tokens.it, c.submissionId, c.attachmentId, { marks: MARKS })).json().error.code).toBe('teacher_only');
    const other = await put(f.tokens.teacher2, c.submissionId, c.attachmentId, { marks: MARKS });
    expect([other.statusCode, other.json().error.code]).toEqual([404, 'submission_not_found']);
    expect((await put(f.tokens.itB, c.submissionId, c.attachmentId, { marks: MARKS })).statusCode).toBe(404);
    const pupil = await t.app.inject({
      method: 'PUT', url: `/api/submissions/${c.submissionId}/attachments/${c.attachmentId}/annotations`, headers: auth(f.tokens.student, f.deviceToken), payload: { marks: MARKS },
    });
    expect(pupil.statusCode).toBe(403);
    const nobody = await t.app.inject({ method: 'PUT', url: `/api/submissions/${c.submissionId}/attachments/${c.attachmentId}/annotations`, payload: { marks: MARKS } });
    expect(nobody.statusCode).toBe(401);
    const stored = t.store.db.prepare('SELECT COUNT(*) FROM photo_annotations WHERE submission_id = ?').pluck().get(c.submissionId);
    expect(stored).toBe(0);
  });

  it('only a photo of this copy: someone else’s photo, an unknown id, a recording, a photo still uploading, a draft', async () => {
    const mine = await photoCopy(0);
    const theirs = await photoCopy(1);
    const foreign = await put(f.tokens.teacher, mine.submissionId, theirs.attachmentId, { marks: MARKS });
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([404, 'attachment_not_found']);
    expect((await put(f.tokens.teacher, mine.submissionId, 'no-such-photo', { marks: MARKS })).json().error.code).toBe('attachment_not_found');
    // The same pupil's photo that this copy does not show is not this copy's either.
    const loose = insertAttachment(t.store, f.schoolA, f.students[0]!);
    expect((await put(f.tokens.teacher, mine.submissionId, loose, { marks: MARKS })).json().error.code).toBe('attachment_not_found');
    const audio = await photoCopy(0, { attachmentIds: [insertAttachment(t.store, f.schoolA, f.students[0]!, { kind: 'audio' })] });
    const a = await put(f.tokens.teacher, audio.submissionId, audio.attachmentId, { marks: MARKS });
    expect([a.statusCode, a.json().error.code]).toEqual([400, 'annotation_not_photo']);
    const uploading = await photoCopy(0, { attachmentIds: [insertAttachment(t.store, f.schoolA, f.students[0]!, { complete: false })] });
    expect((await put(f.tokens.teacher, uploading.submissionId, uploading.attachmentId, { marks: MARKS })).json().error.code).toBe('attachment_uploading');
    const draft = await photoCopy(0, { state: 'draft' });
    const d = await put(f.tokens.teacher, draft.submissionId, draft.attachmentId, { marks: MARKS });
    expect([d.statusCode, d.json().error.code]).toEqual([409, 'not_handed_in']);
    expect((await put(f.tokens.teacher, 'no-such-copy', mine.attachmentId, { marks: MARKS })).json().error.code).toBe('submission_not_found');
  });

  it('refuses a bad layer with a 4xx and a code that has French words, never a 500', async () => {
    const c = await photoCopy();
    const bad: [string, unknown, number, string][] = [
      ['outside the photo', { marks: [{ kind: 'tick', colour: 'red', x: 1.2, y: 0.5 }] }, 400, 'validation'],
      ['a negative coordinate', { marks: [{ kind: 'circle', colour: 'red', cx: 0.5, cy: -0.1, rx: 0.1, ry: 0.1 }] }, 400, 'validation'],
      ['an unknown tool', { marks: [{ kind: 'smiley', colour: 'red', x: 0.5, y: 0.5 }] }, 400, 'validation'],
      ['an unknown colour', { marks: [{ kind: 'tick', colour: 'pink', x: 0.5, y: 0.5 }] }, 400, 'validation'],
      ['a field too many', { marks: [{ kind: 'tick', colour: 'red', x: 0.5, y: 0.5, script: 'x' }] }, 400, 'validation'],
      ['an empty text', { marks: [{ kind: 'text', colour: 'red', x: 0.5, y: 0.5, text: '' }] }, 400, 'validation'],
      ['a text too long', { marks: [{ kind: 'text', colour: 'red', x: 0.5, y: 0.5, text: 'x'.repeat(MAX_ANNOTATION_TEXT + 1) }] }, 400, 'validation'],
      ['a string for a number', { marks: [{ kind: 'tick', colour: 'red', x: '0.5', y: 0.5 }] }, 400, 'validation'],
      ['no marks at all', {}, 400, 'validation'],
      ['too many marks', { marks: Array.from({ length: MAX_MARKS + 1 }, () => ({ kind: 'tick', colour: 'red', x: 0.5, y: 0.5 })) }, 400, 'validation'],
      ['a stroke with half a point', { marks: [{ kind: 'pen', colour: 'red', points: [0.1, 0.2, 0.3] }] }, 400, 'annotation_invalid'],
      ['too many pen points in all', { marks: Array.from({ length: 4 }, () => ({ kind: 'pen', colour: 'red', points: Array.from({ length: 4000 }, () => 0.5) })) }, 413, 'annotations_too_large'],
      ['a body over the limit', { marks: [{ kind: 'text', colour: 'red', x: 0.5, y: 0.5, text: 'x' }], pad: 'x'.repeat(200_000) }, 413, 'payload_too_large'],
    ];
    for (const [why, payload, status, code] of bad) {
      const res = await put(f.tokens.teacher, c.submissionId, c.attachmentId, payload);
      expect([why, res.statusCode, res.json().error.code]).toEqual([why, status, code]);
      expect(serverErrorsFr[code as keyof typeof serverErrorsFr]).toBeTruthy();
    }
    const bogusJson = await t.app.inject({
      method: 'PUT', url: `/api/submissions/${c.submissionId}/attachments/${c.attachmentId}/annotations`, headers: { ...auth(f.tokens.teacher), 'content-type': 'application/json' }, payload: '{"marks": [',
    });
    expect(bogusJson.statusCode).toBe(400);
    const badId = await put(f.tokens.teacher, c.submissionId, 'bad id!', { marks: [] });
    expect(badId.statusCode).toBe(400);
    expect(t.store.db.prepare('SELECT COUNT(*) FROM photo_annotations WHERE submission_id = ?').pluck().get(c.submissionId)).toBe(0);
  });

  it('reaches the pupil with the returned copy only; an edit after the return waits for the next one', async () => {
    const c = await photoCopy(2);
    await put(f.tokens.teacher, c.submissionId, c.attachmentId, { marks: MARKS });
    await t.store.marking.saveFeedback(SYSTEM, c.submissionId, { perQuestion: [], comment: 'Bien', mark: 4, maxMark: 5 });
    expect((await pupilFeedback(c.submissionId)).annotations).toBeUndefined(); // not returned: no layer for the pupil

    const ret = await t.app.inject({ method: 'POST', url: `/api/submissions/${c.submissionId}/return`, headers: auth(f.tokens.teacher) });
    expect(ret.statusCode).toBe(200);
    expect((await pupilFeedback(c.submissionId)).annotations).toEqual([expect.objectContaining({ attachmentId: c.attachmentId, marks: MARKS })]);
    const detail = await t.app.inject({ method: 'GET', url: `/api/submissions/${c.submissionId}`, headers: auth(f.tokens.teacher) });
    expect(detail.json().annotations[0].returned).toBe(true);

    const edited = await put(f.tokens.teacher, c.submissionId, c.attachmentId, { marks: MARKS.slice(0, 1) });
    expect(edited.json().returned).toBe(false);
    expect((await pupilFeedback(c.submissionId)).annotations?.[0]?.marks).toEqual(MARKS); // the pupil keeps what was returned

    await t.app.inject({ method: 'POST', url: `/api/submissions/${c.submissionId}/return`, headers: auth(f.tokens.teacher) });
    expect((await pupilFeedback(c.submissionId)).annotations?.[0]?.marks).toEqual(MARKS.slice(0, 1));
    // Erased and returned: the pupil's layer goes too.
    await put(f.tokens.teacher, c.submissionId, c.attachmentId, { marks: [] });
    await t.app.inject({ method: 'POST', url: `/api/submissions/${c.submissionId}/return`, headers: auth(f.tokens.teacher) });
    expect((await pupilFeedback(c.submissionId)).annotations).toEqual([]);
  });
});
