/**
 * Sheets coming back (issue 15), through the routes: a page read by the console (code, page,
 * boxes) becomes the pupil's work on the right question, its boxes the answers of choice
 * questions with their automatic marks — an unsure box flags its question, no mark guessed —
 * « reçu le » is set, a page sent twice is kept once, a page without a code waits in the tray
 * until the teacher assigns it, the teacher confirms boxes on the marking desk, and the
 * correction prints as a PDF with the page and the teacher's marks.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { auth, makeFixture, type Fixture } from './console/school-fixture.ts';
import { renderPdf } from '../../helpers/render-pdf.ts';
import { encodeBoxes, type PaperReturnsView } from '../../../src/protocol/paper-returns.ts';
import { applySecurityHeaders } from '../../../server/http/security-headers.ts';

let t: TestApp;
let f: Fixture;
let assignmentId: string;
let layouts: PaperReturnsView['layouts'];
let codeOf: Map<string, string>;

/** A real JPEG (pdf-lib must embed it in the correction), different for each seed. */
const jpeg = (seed: number) => {
  const c = createCanvas(210, 297);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 210, 297);
  ctx.fillStyle = '#000';
  ctx.fillRect(seed % 200, 20, 8, 8);
  return c.toBuffer('image/jpeg', 90);
};

const h = () => auth(f.tokens.teacher);
const send = (body: Buffer, query: Record<string, string | number> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/assignments/${assignmentId}/paper-returns?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`, payload: body, headers: { ...h(), 'content-type': 'image/jpeg' } });

beforeEach(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
  const created = await t.app.inject({
    method: 'POST', url: `/api/classes/${f.classA}/assignments`, headers: h(), payload: {
      title: 'Fractions', instructionsMarkdown: '', dueAt: null, questions: [
        { id: 'qc', kind: 'choice', prompt: 'Quelle fraction est égale à 1/2 ?', points: 1, choices: [{ id: 'a', label: '2/4' }, { id: 'b', label: '3/5' }], key: { choiceIds: ['a'] } },
        { id: 'qt', kind: 'truefalse', prompt: '1/3 > 1/2', points: 1, key: { truth: false } },
        { id: 'qn', kind: 'numeric', prompt: '3/4 de 12 ?', points: 2, key: { value: 9 } },
        { id: 'qd', kind: 'photo', prompt: 'Trace un cercle.', points: 3, paperFrameMm: 200 },
      ],
    },
  });
  assignmentId = created.json().id;
  expect((await t.app.inject({ method: 'POST', url: `/api/assignments/${assignmentId}/publish`, headers: h(), payload: {} })).statusCode).toBe(200);
  const pack = await t.app.inject({ method: 'POST', url: `/api/assignments/${assignmentId}/paper-pack`, headers: h(), payload: { studentIds: [f.students[0], f.students[1]] } });
  expect(pack.statusCode).toBe(200);
  const view = await t.app.inject({ method: 'GET', url: `/api/assignments/${assignmentId}/paper-returns`, headers: h() });
  expect(view.statusCode).toBe(200);
  layouts = view.json().layouts;
  codeOf = new Map((t.store.db.prepare('SELECT code, student_id FROM paper_packs WHERE assignment_id = ?').all(assignmentId) as { code: string; student_id: string }[]).map((r) => [r.student_id, r.code]));
}, 30_000);
afterEach(async () => {
  await t.close();
});

const submissionOf = (studentId: string) => t.store.db.prepare('SELECT id FROM submissions WHERE assignment_id = ? AND student_id = ?').pluck().get(assignmentId, studentId) as string;
const detail = async (studentId: string) => (await t.app.inject({ method: 'GET', url: `/api/submissions/${submissionOf(studentId)}`, headers: h() })).json();

describe('returned paper pages', () => {
  it('knows the layout printed for each pupil: the boxes of each page, the letter first', () => {
    const code = codeOf.get(f.students[0]!)!;
    expect(layouts[code]![0]).toEqual([]); // the letter
    const boxes = layouts[code]!.flat().map((b) => `${b.questionId}.${b.choiceId}`);
    expect(boxes).toEqual(['qc.a', 'qc.b', 'qt.true', 'qt.false']);
  });

  it('makes a read page the pupil\'s work: the photo on its question, the boxes as answers with automatic marks, « reçu le »', async () => {
    const pupil = f.students[0]!;
    const code = codeOf.get(pupil)!;
    const page = layouts[code]!.findIndex((p) => p.length) + 1;
    const boxes = encodeBoxes([{ questionId: 'qc', choiceId: 'a', state: 'ticked' }, { questionId: 'qc', choiceId: 'b', state: 'empty' }, { questionId: 'qt', choiceId: 'true', state: 'empty' }, { questionId: 'qt', choiceId: 'false', state: 'ticked' }]);
    const res = await send(jpeg(1), { code, page, layoutVersion: 1, boxes });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ outcome: 'attached', studentId: pupil, page, unsure: 0 });
    const d = await detail(pupil);
    expect(d.submission.state).toBe('submitted');
    const answers = new Map(d.submission.submitted.answers.map((a: { questionId: string }) => [a.questionId, a]));
    expect(answers.get('qc')).toMatchObject({ choiceIds: ['a'] });
    expect(answers.get('qt')).toMatchObject({ text: 'false' });
    // The page answers the number question (first on it that is written): its photo is there, marked by hand.
    expect((answers.get('qn') as { attachmentIds: string[] }).attachmentIds).toHaveLength(1);
    expect(d.submission.autoMarks.map((m: { questionId: string; points: number }) => [m.questionId, m.points])).toEqual([['qc', 1], ['qt', 1]]);
    const packs = (await t.app.inject({ method: 'GET', url: `/api/assignments/${assignmentId}/paper-packs`, headers: h() })).json();
    expect(packs.find((p: { studentId: string }) => p.studentId === pupil).receivedAt).toEqual(expect.any(String));

    // The same page again (another photo of it) is kept once; so are the same bytes.
    const again = await send(jpeg(2), { code, page, layoutVersion: 1, boxes });
    expect(again.json()).toMatchObject({ outcome: 'duplicate', studentId: pupil, page });
    const sameBytes = await send(jpeg(1));
    expect(sameBytes.json()).toMatchObject({ outcome: 'duplicate', studentId: pupil });
    expect(t.store.db.prepare('SELECT COUNT(*) FROM paper_pages').pluck().get()).toBe(1);
    // The letter is not kept.
    expect((await send(jpeg(3), { code, page: 1, layoutVersion: 1 })).json()).toMatchObject({ outcome: 'letter' });
  });

  it('flags a question with an unsure box: no answer, no automatic mark, until the teacher confirms the boxes', async () => {
    const pupil = f.students[1]!;
    const code = codeOf.get(pupil)!;
    const page = layouts[code]!.findIndex((p) => p.length) + 1;
    const res = await send(jpeg(4), { code, page, layoutVersion: 1, boxes: encodeBoxes([{ questionId: 'qc', choiceId: 'a', state: 'unsure' }, { questionId: 'qc', choiceId: 'b', state: 'empty' }, { questionId: 'qt', choiceId: 'true', state: 'ticked' }, { questionId: 'qt', choiceId: 'false', state: 'empty' }]) });
    expect(res.json()).toMatchObject({ outcome: 'attached', unsure: 1 });
    let d = await detail(pupil);
    expect(d.submission.autoMarks.map((m: { questionId: string }) => m.questionId)).toEqual(['qt']);
    expect(d.submission.submitted.answers.find((a: { questionId: string }) => a.questionId === 'qc')?.choiceIds).toBeUndefined();
    const readings = (await t.app.inject({ method: 'GET', url: `/api/submissions/${d.submission.id}/paper`, headers: h() })).json();
    expect(readings.questions.find((q: { questionId: string }) => q.questionId === 'qc')).toMatchObject({ flagged: true, boxes: [{ choiceId: 'a', state: 'unsure', by: 'reader' }, { choiceId: 'b', state: 'empty', by: 'reader' }] });
    const submittedAt = d.submission.submittedAt;

    const confirm = await t.app.inject({ method: 'PUT', url: `/api/submissions/${d.submission.id}/paper-boxes/qc`, headers: h(), payload: { ticked: ['a'] } });
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect(confirm.json().questions.find((q: { questionId: string }) => q.questionId === 'qc')).toMatchObject({ flagged: false, boxes: [{ choiceId: 'a', state: 'ticked', by: 'teacher' }, { choiceId: 'b', state: 'empty', by: 'teacher' }] });
    d = await detail(pupil);
    expect(d.submission.autoMarks.map((m: { questionId: string; points: number }) => [m.questionId, m.points])).toEqual([['qc', 1], ['qt', 0]]);
    expect(d.submission.submittedAt).toBe(submittedAt); // confirming is not a new hand-in
    const bad = await t.app.inject({ method: 'PUT', url: `/api/submissions/${d.submission.id}/paper-boxes/qc`, headers: h(), payload: { ticked: ['zz'] } });
    expect(bad.statusCode).toBe(422);
  });

  it('keeps a page without a code in the tray until the teacher assigns it, then reads nothing on it: its boxes are flagged', async () => {
    const res = await send(jpeg(5));
    expect(res.json()).toMatchObject({ outcome: 'tray', studentId: null, page: null });
    const pageId = res.json().pageId;
    let view = (await t.app.inject({ method: 'GET', url: `/api/assignments/${assignmentId}/paper-returns`, headers: h() })).json();
    expect(view.tray.map((p: { id: string }) => p.id)).toEqual([pageId]);
    const image = await t.app.inject({ method: 'GET', url: view.tray[0].url, headers: h() });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');

    const pupil = f.students[0]!;
    const page = layouts[codeOf.get(pupil)!]!.findIndex((p) => p.length) + 1;
    expect((await t.app.inject({ method: 'POST', url: `/api/assignments/${assignmentId}/paper-returns/${pageId}/assign`, headers: h(), payload: { studentId: pupil, page: 99 } })).json().error.code).toBe('paper_page_unknown');
    const assigned = await t.app.inject({ method: 'POST', url: `/api/assignments/${assignmentId}/paper-returns/${pageId}/assign`, headers: h(), payload: { studentId: pupil, page } });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ outcome: 'attached', studentId: pupil, page, unsure: 4 });
    view = (await t.app.inject({ method: 'GET', url: `/api/assignments/${assignmentId}/paper-returns`, headers: h() })).json();
    expect(view.tray).toEqual([]);
    expect(view.received).toMatchObject([{ id: pageId, studentId: pupil, page, unsure: 4 }]);
    const d = await detail(pupil);
    expect(d.submission.autoMarks).toEqual([]);
    const again = await t.app.inject({ method: 'POST', url: `/api/assignments/${assignmentId}/paper-returns/${pageId}/assign`, headers: h(), payload: { studentId: pupil, page } });
    expect(again.json().error.code).toBe('paper_page_assigned');
  });

  it('refuses with codes: a page of another assignment, half a code, another teacher, a pupil, a tray page to discard twice', async () => {
    const other = await t.app.inject({ method: 'POST', url: `/api/assignments/${f.assignmentA}/paper-pack`, headers: h(), payload: { studentIds: [f.students[0]] } });
    expect(other.statusCode).toBe(200);
    const otherCode = t.store.db.prepare('SELECT code FROM paper_packs WHERE assignment_id = ?').pluck().get(f.assignmentA) as string;
    const wrong = await send(jpeg(6), { code: otherCode, page: 2, layoutVersion: 1 });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.code).toBe('paper_page_other_assignment');
    expect((await send(jpeg(6), { code: codeOf.get(f.students[0]!)! })).json().error.code).toBe('paper_page_code_incomplete');
    expect((await send(jpeg(6), { code: 'lowercase' })).statusCode).toBe(400);
    expect((await send(Buffer.from('%PDF-1.4'), {})).statusCode).toBe(415);
    const asOther = await t.app.inject({ method: 'POST', url: `/api/assignments/${assignmentId}/paper-returns`, payload: jpeg(6), headers: { ...auth(f.tokens.teacher2), 'content-type': 'image/jpeg' } });
    expect(asOther.statusCode).toBe(404);
    const asPupil = await t.app.inject({ method: 'GET', url: `/api/assignments/${assignmentId}/paper-returns`, headers: auth(f.tokens.student, f.deviceToken) });
    expect(asPupil.statusCode).toBe(403);
    const tray = (await send(jpeg(7))).json().pageId;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/assignments/${assignmentId}/paper-returns/${tray}`, headers: h() })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/assignments/${assignmentId}/paper-returns/${tray}`, headers: h() })).json().error.code).toBe('paper_page_not_found');
    expect(t.store.db.prepare('SELECT COUNT(*) FROM paper_pages').pluck().get()).toBe(0);
  });

  it('prints the correction for the family: the mark, the comments, the page with the teacher\'s marks', async () => {
    const pupil = f.students[0]!;
    const code = codeOf.get(pupil)!;
    const page = layouts[code]!.findIndex((p) => p.length) + 1;
    await send(jpeg(8), { code, page, layoutVersion: 1 });
    const d = await detail(pupil);
    const attachmentId = d.submission.submitted.answers.find((a: { attachmentIds?: string[] }) => a.attachmentIds)?.attachmentIds[0];
    expect((await t.app.inject({ method: 'PUT', url: `/api/submissions/${d.submission.id}/attachments/${attachmentId}/annotations`, headers: h(), payload: { marks: [{ kind: 'circle', colour: 'red', cx: 0.5, cy: 0.5, rx: 0.2, ry: 0.1 }] } })).statusCode).toBe(200);
    const fb = await t.app.inject({ method: 'PUT', url: `/api/submissions/${d.submission.id}/feedback`, headers: h(), payload: { perQuestion: [{ questionId: 'qd', comment: 'Cercle bien tracé.', points: 3 }], comment: 'Bon travail, continue ainsi.', mark: 14.5, maxMark: 20 } });
    expect(fb.statusCode, fb.body).toBe(200);
    const res = await t.app.inject({ method: 'GET', url: `/api/submissions/${d.submission.id}/correction.pdf`, headers: h() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pages = await renderPdf(res.rawPayload, { dpi: 40 });
    expect(pages).toHaveLength(2);
    const words = pages[0]!.text.map((x) => x.str).join('\n');
    expect(words).toContain('Note : 14,5 / 20');
    expect(words).toContain('Bon travail, continue ainsi.');
    expect(words).toContain('Cercle bien tracé.');
    // The teacher's red circle is drawn over the page.
    const p = pages[1]!;
    let red = 0;
    for (let i = 0; i < p.rgba.length; i += 4) if (p.rgba[i]! > 150 && p.rgba[i + 1]! < 90 && p.rgba[i + 2]! < 110) red++;
    expect(red).toBeGreaterThan(50);
  });
});

describe('the scan worker\'s CSP', () => {
  it('lets only the sheet reader\'s workers compile WebAssembly (never eval of JavaScript)', () => {
    const csp = (url: string) => {
      let v = '';
      applySecurityHeaders({ url, protocol: 'http' } as never, (name, value) => { if (name === 'Content-Security-Policy') v = value; });
      return v;
    };
    expect(csp('/assets/scan.worker-BxrFwD8R.js')).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(csp('/assets/pdf.worker.min-CIqJB0yW.mjs')).toContain("'wasm-unsafe-eval'");
    for (const url of ['/console', '/', '/assets/index-Dk9OIHWn.js', '/assets/scan.worker-x.js/../evil.js', '/api/health']) expect(csp(url)).not.toContain('wasm');
    expect(csp('/assets/scan.worker-BxrFwD8R.js')).not.toContain("'unsafe-eval'");
  });
});
