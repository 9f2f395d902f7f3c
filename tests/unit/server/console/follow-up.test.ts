/**
 * The teacher's follow-up of pupils' work (issue 13) through the real routes: send back to redo,
 * a pupil's own due date, reminders and the spoken comment — who may (the class's teacher
 * only), what others get (404 for another class or school, 403 teacher_only for the IT
 * referent), bad input as 4xx with a code, and what the pupil's tablet pulls.
 */
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, insertSubmission, makeFixture, type Fixture } from './school-fixture.ts';
import { fakeJpeg, fakeWebm, sha256Hex } from '../../media/media-bytes.ts';
import type { Mutation } from '../../../../src/protocol/sync.ts';
import type { Feedback, Submission } from '../../../../src/protocol/entities.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';

let t: TestApp;
let f: Fixture;
let seq = 100;

type Res = { statusCode: number; json(): { error?: { code: string } } };
const codeOf = (res: Res) => [res.statusCode, res.json().error?.code];
const inject = (o: InjectOptions) => t.app.inject(o);
const as = (who: keyof Fixture['tokens']) => auth(f.tokens[who], who === 'student' ? f.deviceToken : undefined);

const push = (type: Mutation['type'], text: string) =>
  inject({
    method: 'POST', url: '/api/sync/push', headers: as('student'),
    payload: {
      deviceId: f.deviceId, appVersion: 'test', report: { pendingCount: 0, pendingBytes: 0, storageUsage: null, storageQuota: null },
      mutations: [{ type, seq: seq++, mutationId: randomUUID(), assignmentId: f.assignmentA, baseVersion: null, assignmentVersion: 1, answers: [{ questionId: 'q1', text }], clientAt: new Date().toISOString() }],
    },
  });

/** The pupil's own copy and feedback of assignment A, as their tablet pulls them from scratch. */
async function pupilSees(): Promise<{ submission: Submission | undefined; feedback: Feedback | undefined }> {
  const res = await inject({ method: 'GET', url: '/api/sync/pull?cursor=&limit=500', headers: as('student') });
  const changes = res.json().changes as Array<{ op: string; entity: string; data?: { assignmentId?: string } }>;
  const of = (entity: string) => changes.find((c) => c.op === 'put' && c.entity === entity && c.data?.assignmentId === f.assignmentA)?.data;
  return { submission: of('submission') as Submission | undefined, feedback: of('feedback') as Feedback | undefined };
}

const sendBack = (who: keyof Fixture['tokens'], id: string, message: unknown) =>
  inject({ method: 'POST', url: `/api/submissions/${id}/send-back`, headers: as(who), payload: { message } });
const setDue = (who: keyof Fixture['tokens'], studentId: string, dueAt: unknown, assignmentId = f.assignmentA) =>
  inject({ method: 'PUT', url: `/api/assignments/${assignmentId}/students/${studentId}/due`, headers: as(who), payload: { dueAt } });
const remind = (who: keyof Fixture['tokens'], payload?: Record<string, unknown>, assignmentId = f.assignmentA) =>
  inject({ method: 'POST', url: `/api/assignments/${assignmentId}/reminders`, headers: as(who), ...(payload === undefined ? {} : { payload }) });
const uploadAudio = (who: keyof Fixture['tokens'], id: string, body: Buffer, durationMs = 4200, type = 'audio/webm') =>
  inject({ method: 'POST', url: `/api/submissions/${id}/feedback/audio?durationMs=${durationMs}`, headers: { ...as(who), 'content-type': type }, payload: body });

describe('the teacher follows up one pupil’s work', () => {
  beforeAll(async () => {
    t = await startTestApp();
    f = await makeFixture(t);
  });
  afterAll(async () => { await t.close(); });

  describe('send back to redo', () => {
    it('is for the class’s teacher only, with a message, on handed-in work', async () => {
      expect(codeOf(await sendBack('it', f.submissionA, 'Refais la fin.'))).toEqual([403, 'teacher_only']);
      expect(codeOf(await sendBack('teacher2', f.submissionA, 'Refais la fin.'))).toEqual([404, 'submission_not_found']);
      expect(codeOf(await sendBack('itB', f.submissionA, 'Refais la fin.'))).toEqual([404, 'submission_not_found']);
      expect(codeOf(await sendBack('student', f.submissionA, 'Refais la fin.'))).toEqual([403, 'staff_only']);
      expect(codeOf(await sendBack('teacher', f.submissionA, '   '))).toEqual([400, 'send_back_message_required']);
      expect(codeOf(await sendBack('teacher', f.submissionA, 'x'.repeat(1001)))).toEqual([400, 'validation']);
      expect(codeOf(await sendBack('teacher', randomUUID(), 'Refais.'))).toEqual([404, 'submission_not_found']);
      const draft = insertSubmission(t.store, f.assignmentA, f.students[2]!, 'draft');
      expect(codeOf(await sendBack('teacher', draft, 'Refais.'))).toEqual([409, 'not_handed_in']);
    });

    it('puts the copy back in the pupil’s hands « À refaire » with the message and their answers; handing in again is a new revision', async () => {
      const res = await sendBack('teacher', f.submissionA, '  Développe ta réponse à la question 1.  ');
      expect(res.statusCode).toBe(200);
      const back = res.json() as Submission;
      expect(back.state).toBe('draft');
      expect(back.sentBack?.message).toBe('Développe ta réponse à la question 1.');
      expect(back.submitted?.number).toBe(1);

      const seen = (await pupilSees()).submission!;
      expect(seen.state).toBe('draft');
      expect(seen.sentBack?.message).toBe('Développe ta réponse à la question 1.');
      expect(seen.latest?.answers).toEqual([{ questionId: 'q1', text: 'Ma réponse' }]);

      const again = await push('work.submit', 'Ma réponse, développée.');
      const r = again.json().results[0] as { status: string; submission: Submission };
      expect(r.status).toBe('applied');
      expect(r.submission.state).toBe('submitted');
      expect(r.submission.submitted?.number).toBe(2);
      expect(r.submission.resubmitted).toBe(true);
      expect(r.submission.sentBack ?? null).toBeNull();

      const audit = (await inject({ method: 'GET', url: '/api/audit?action=send_back', headers: as('it') })).json() as Array<{ actorName: string; targetLabel: string }>;
      expect(audit.map((e) => [e.actorName, e.targetLabel])).toEqual([['Prof A', 'Léa Martin']]);
    });
  });

  describe('a pupil’s own due date', () => {
    it('is for the class’s teacher only, for a pupil the assignment concerns, with a real date', async () => {
      const due = '2030-06-01T16:00:00.000Z';
      expect(codeOf(await setDue('it', f.students[1]!, due))).toEqual([403, 'teacher_only']);
      expect(codeOf(await setDue('teacher2', f.students[1]!, due))).toEqual([404, 'assignment_not_found']);
      expect(codeOf(await setDue('itB', f.students[1]!, due))).toEqual([404, 'assignment_not_found']);
      expect(codeOf(await setDue('teacher', f.studentOther, due))).toEqual([404, 'student_not_found']);
      expect(codeOf(await setDue('teacher', randomUUID(), due))).toEqual([404, 'student_not_found']);
      expect(codeOf(await setDue('teacher', f.students[1]!, 'demain'))).toEqual([400, 'validation']);
      expect(codeOf(await setDue('teacher', f.students[1]!, 'xxxxxxxxxxxxxxxxxxxxxxxx'))).toEqual([400, 'due_date_invalid']);
      const groupWork = await t.store.content.createAssignment(SYSTEM, f.classA, { title: 'Soutien', instructionsMarkdown: '', dueAt: null, groupId: f.groupA, questions: [{ id: 'q1', kind: 'text', prompt: 'P', points: 1 }] });
      await t.store.content.publishAssignment(SYSTEM, groupWork.id, f.groupA);
      expect(codeOf(await setDue('teacher', f.students[1]!, due, groupWork.id))).toEqual([404, 'student_not_concerned']);
      expect((await setDue('teacher', f.students[0]!, due, groupWork.id)).statusCode).toBe(200);
    });

    it('reaches the pupil’s tablet and judges lateness by it (follow table and gradebook)', async () => {
      const past = new Date(Date.now() - 3600_000).toISOString();
      const res = await setDue('teacher', f.students[0]!, past);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ dueAt: past, late: true }); // handed in (again) just now, after that date
      expect((await pupilSees()).submission?.dueAt).toBe(past);

      const later = '2031-01-15T17:00:00.000Z';
      expect((await setDue('teacher', f.students[0]!, later)).json()).toMatchObject({ dueAt: later, late: false });
      expect((await pupilSees()).submission?.dueAt).toBe(later);

      // Hugo never opened the work: the assignment's date has passed for the class, not for him.
      await t.store.content.updateAssignment(SYSTEM, f.assignmentA, { dueAt: new Date(Date.now() - 60_000).toISOString() });
      await setDue('teacher', f.students[1]!, later);
      const book = (await inject({ method: 'GET', url: `/api/classes/${f.classA}/gradebook`, headers: as('teacher') })).json() as { rows: Array<{ student: { id: string }; cells: Array<{ assignmentId: string; status: string }> }> };
      const cell = (sid: string) => book.rows.find((r) => r.student.id === sid)!.cells.find((c) => c.assignmentId === f.assignmentA)!.status;
      expect(cell(f.students[1]!)).toBe('pending');
      expect(cell(f.students[2]!)).toBe('missing');

      const rows = (await inject({ method: 'GET', url: `/api/assignments/${f.assignmentA}/submissions`, headers: as('teacher') })).json() as Array<{ student: { id: string }; submission: Submission | null }>;
      expect(rows.find((r) => r.student.id === f.students[1])!.submission?.dueAt).toBe(later);

      expect((await setDue('teacher', f.students[1]!, null)).json()).toMatchObject({ dueAt: null });
      await t.store.content.updateAssignment(SYSTEM, f.assignmentA, { dueAt: null });
    });
  });

  describe('reminding those who have not handed in', () => {
    it('is for the class’s teacher only', async () => {
      expect(codeOf(await remind('it', { message: 'x' }))).toEqual([403, 'teacher_only']);
      expect(codeOf(await remind('teacher2', {}))).toEqual([404, 'assignment_not_found']);
      expect(codeOf(await remind('itB'))).toEqual([404, 'assignment_not_found']);
      expect(codeOf(await remind('teacher', { message: 'x'.repeat(501) }))).toEqual([400, 'validation']);
    });

    it('reminds every pupil without a handed-in copy, once each, recorded with who and when', async () => {
      const res = await remind('teacher', { message: 'Pensez à rendre avant vendredi.' });
      expect(res.statusCode).toBe(200);
      expect(res.json().reminded).toBe(2); // Hugo and Chloé; Léa handed in
      const list = await t.store.services.db.read((tx) => tx.reminders.listByAssignment(f.assignmentA));
      expect(list.map((r) => [r.studentId, r.message, r.sentBy]).sort()).toEqual(
        [[f.students[1], 'Pensez à rendre avant vendredi.', f.ids.teacher], [f.students[2], 'Pensez à rendre avant vendredi.', f.ids.teacher]].sort(),
      );
      // Léa (handed in) sees no reminder.
      expect((await pupilSees()).submission?.reminder ?? null).toBeNull();
      const audit = (await inject({ method: 'GET', url: '/api/audit?action=remind', headers: as('it') })).json() as Array<{ details: { count: number } }>;
      expect(audit[0]?.details.count).toBe(2);
    });

    it('reaches a pupil who has not handed in, and not once they have; nobody left is a 409', async () => {
      await sendBack('teacher', f.submissionA, 'Encore un effort.');
      const r = await remind('teacher', {});
      expect(r.json().reminded).toBe(3);
      const seen = (await pupilSees()).submission!;
      expect(seen.reminder).toMatchObject({ message: '', byName: 'Prof A' });
      await push('work.submit', 'Rendu après la relance.');
      expect((await pupilSees()).submission?.reminder ?? null).toBeNull();
      for (const sid of [f.students[1]!, f.students[2]!]) {
        await t.store.services.db.write(async (tx) => {
          const sub = await tx.submissions.byAssignmentAndStudent(f.assignmentA, sid);
          await tx.submissions.update(sub!.id, { state: 'submitted', submittedAt: new Date().toISOString() }, new Date().toISOString());
        });
      }
      expect(codeOf(await remind('teacher', {}))).toEqual([409, 'nobody_to_remind']);
    });
  });

  describe('the spoken comment', () => {
    it('is recorded by the class’s teacher only, as a real recording within the limits', async () => {
      const webm = fakeWebm(4000);
      expect(codeOf(await uploadAudio('it', f.submissionA, webm))).toEqual([403, 'teacher_only']);
      expect(codeOf(await uploadAudio('teacher2', f.submissionA, webm))).toEqual([404, 'submission_not_found']);
      expect(codeOf(await uploadAudio('teacher', f.submissionA, fakeJpeg(2000)))).toEqual([415, 'feedback_audio_type_unsupported']);
      expect(codeOf(await uploadAudio('teacher', f.submissionA, webm, 4 * 60_000))).toEqual([400, 'feedback_audio_too_long']);
      expect(codeOf(await uploadAudio('teacher', f.submissionA, webm, 0))).toEqual([400, 'validation']);
      expect(codeOf(await inject({ method: 'DELETE', url: `/api/submissions/${f.submissionA}/feedback/audio`, headers: as('teacher') }))).toEqual([404, 'media_not_found']);
    });

    it('goes with the feedback once returned; the pupil plays it, nobody else outside the class does', async () => {
      const webm = fakeWebm(6000);
      const res = await uploadAudio('teacher', f.submissionA, webm, 4200);
      expect(res.statusCode).toBe(200);
      const fb = res.json() as Feedback;
      expect(fb.audio).toMatchObject({ durationMs: 4200, mime: 'audio/webm', size: 6000 });
      const url = fb.audio!.url;
      expect(url).toMatch(/^\/media\/feedback\/[0-9a-f-]{36}$/);

      // Not returned yet: the pupil neither sees the feedback nor can fetch the recording.
      expect((await pupilSees()).feedback).toBeUndefined();
      expect(codeOf(await inject({ method: 'GET', url, headers: as('student') }))).toEqual([404, 'media_not_found']);
      expect((await inject({ method: 'GET', url, headers: as('teacher') })).statusCode).toBe(200);
      expect(codeOf(await inject({ method: 'GET', url, headers: as('teacher2') }))).toEqual([404, 'media_not_found']);
      expect(codeOf(await inject({ method: 'GET', url, headers: as('itB') }))).toEqual([404, 'media_not_found']);
      expect(codeOf(await inject({ method: 'GET', url: '/media/feedback/nope', headers: as('teacher') }))).toEqual([400, 'media_id_invalid']);

      expect((await inject({ method: 'POST', url: `/api/submissions/${f.submissionA}/return`, headers: as('teacher') })).statusCode).toBe(200);
      const seen = (await pupilSees()).feedback!;
      expect(seen.audio?.url).toBe(url);
      const played = await inject({ method: 'GET', url, headers: as('student') });
      expect(played.statusCode).toBe(200);
      expect(played.headers['content-type']).toBe('audio/webm');
      expect(played.rawPayload.equals(webm)).toBe(true);
      const part = await inject({ method: 'GET', url, headers: { ...as('student'), range: 'bytes=0-99' } });
      expect(part.statusCode).toBe(206);

      // Re-recorded: a new id (the old one stays playable for a tablet that has it); deleted: none.
      const again = (await uploadAudio('teacher', f.submissionA, fakeWebm(5000), 3000)).json() as Feedback;
      expect(again.audio!.url).not.toBe(url);
      expect(again.returnedAt).toBeNull();
      expect((await inject({ method: 'GET', url, headers: as('student') })).statusCode).toBe(200);
      const removed = await inject({ method: 'DELETE', url: `/api/submissions/${f.submissionA}/feedback/audio`, headers: as('teacher') });
      expect((removed.json() as Feedback).audio).toBeNull();

      // Backups carry the recordings' bytes.
      expect(await t.store.services.db.read((tx) => tx.blobCatalog.inUse(sha256Hex(webm)))).toBe(true);
    });
  });
});
