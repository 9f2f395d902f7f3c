/** Lessons, assignments, submissions and feedback through the real routes, with the change log the tablets read. */
import { SYSTEM } from '../../../../server/access/actor.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, insertSubmission, makeFixture, type Fixture } from './school-fixture.ts';

let t: TestApp;
let f: Fixture;

const as = (token: string) => ({
  get: (url: string) => t.app.inject({ method: 'GET', url, headers: auth(token) }),
  send: (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: auth(token), ...(payload === undefined ? {} : { payload: payload as object }) }),
});

/** The change-log rows for one entity, oldest first. */
const changes = (entityId: string) =>
  t.store.db.prepare('SELECT scope, entity, op, seq FROM changes WHERE entity_id = ? ORDER BY seq').all(entityId) as { scope: string; entity: string; op: string; seq: number }[];

const question = (over: object = {}) => ({ id: 'q1', kind: 'text', prompt: 'Explique.', points: 3, ...over });
const newAssignment = (over: object = {}) => ({ title: 'Devoir', instructionsMarkdown: 'Fais-le.', dueAt: '2030-01-15T16:00:00.000Z', questions: [question()], ...over });

describe('content routes', () => {
  beforeAll(async () => {
    t = await startTestApp();
    f = await makeFixture(t);
  });
  afterAll(async () => { await t.close(); });

  it('creates a lesson as a draft that no tablet sees, publishes it to the class, then moves it to a group', async () => {
    const teacher = as(f.tokens.teacher);
    const created = await teacher.send('POST', `/api/classes/${f.classA}/lessons`, { title: 'Le passé composé', bodyMarkdown: '# Passé composé' });
    expect(created.statusCode).toBe(201);
    const lesson = created.json();
    expect(lesson).toMatchObject({ status: 'draft', version: 1, groupId: null, classId: f.classA, media: [] });
    expect(changes(lesson.id)).toEqual([]);

    const edited = await teacher.send('PATCH', `/api/lessons/${lesson.id}`, { bodyMarkdown: '# Le passé composé' });
    expect(edited.json()).toMatchObject({ bodyMarkdown: '# Le passé composé', status: 'draft', version: 1 });
    expect(changes(lesson.id)).toEqual([]);

    const published = await teacher.send('POST', `/api/lessons/${lesson.id}/publish`);
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published' });
    expect(published.json().publishedAt).toBeTruthy();
    expect(changes(lesson.id)).toMatchObject([{ scope: `class:${f.classA}`, entity: 'lesson', op: 'put' }]);

    const moved = await teacher.send('POST', `/api/lessons/${lesson.id}/publish`, { groupId: f.groupA });
    expect(moved.json().groupId).toBe(f.groupA);
    expect(changes(lesson.id)).toMatchObject([
      { scope: `class:${f.classA}`, op: 'delete' },
      { scope: `group:${f.groupA}`, op: 'put' },
    ]);

    const editedPublished = await teacher.send('PATCH', `/api/lessons/${lesson.id}`, { title: 'Le passé composé (2)' });
    expect(editedPublished.json().version).toBe(2);
    expect(changes(lesson.id).at(-1)).toMatchObject({ scope: `group:${f.groupA}`, op: 'put' });

    const unpublished = await teacher.send('POST', `/api/lessons/${lesson.id}/unpublish`, {});
    expect(unpublished.json().status).toBe('draft');
    expect(changes(lesson.id).at(-1)).toMatchObject({ scope: `group:${f.groupA}`, op: 'delete' });

    await teacher.send('POST', `/api/lessons/${lesson.id}/publish`, { groupId: null });
    const del = await teacher.send('DELETE', `/api/lessons/${lesson.id}`);
    expect(del.statusCode).toBe(204);
    expect(changes(lesson.id).at(-1)).toMatchObject({ scope: `class:${f.classA}`, op: 'delete' });
    expect((await teacher.get(`/api/lessons/${lesson.id}`)).statusCode).toBe(404);
    expect(((await teacher.get(`/api/classes/${f.classA}/lessons`)).json() as { id: string }[]).map((l) => l.id)).not.toContain(lesson.id);
  });

  it('refuses a group of another class and bad bodies with a 400, never a 500', async () => {
    const teacher = as(f.tokens.teacher);
    const otherGroup = await t.store.roster.createGroup(SYSTEM, f.classA2, { name: 'Autre', studentIds: [] });
    const cases: [string, string, unknown][] = [
      ['POST', `/api/classes/${f.classA}/lessons`, { title: 'x', bodyMarkdown: '', groupId: otherGroup.id }],
      ['POST', `/api/classes/${f.classA}/lessons`, { title: '', bodyMarkdown: '' }],
      ['POST', `/api/classes/${f.classA}/lessons`, { title: 'x' }],
      ['POST', `/api/classes/${f.classA}/lessons`, { title: 42, bodyMarkdown: '' }],
      ['POST', `/api/lessons/${f.lessonA}/publish`, { groupId: otherGroup.id }],
      ['PATCH', `/api/lessons/${f.lessonA}`, { title: 'x'.repeat(301) }],
      ['POST', `/api/classes/${f.classA}/assignments`, newAssignment({ questions: [question({ kind: 'choice', choices: [{ id: 'a', label: 'Oui' }] })] })],
      ['POST', `/api/classes/${f.classA}/assignments`, newAssignment({ questions: [question({ kind: 'choice' })] })],
      ['POST', `/api/classes/${f.classA}/assignments`, newAssignment({ questions: [question(), question()] })],
      ['POST', `/api/classes/${f.classA}/assignments`, newAssignment({ questions: [question({ choices: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] })] })],
      ['POST', `/api/classes/${f.classA}/assignments`, newAssignment({ questions: [question({ kind: 'photo', maxDurationSec: 60 })] })],
      ['POST', `/api/classes/${f.classA}/assignments`, newAssignment({ questions: [question({ kind: 'drawing' })] })],
      ['POST', `/api/classes/${f.classA}/assignments`, newAssignment({ questions: [question({ points: -1 })] })],
      ['POST', `/api/classes/${f.classA}/assignments`, newAssignment({ dueAt: 'demain, 16 heures et des poussières' })],
      ['PATCH', `/api/assignments/${f.assignmentA}`, { questions: [question({ kind: 'choice', choices: [] })] }],
    ];
    for (const [method, url, payload] of cases) {
      const res = await teacher.send(method as 'POST', url, payload);
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)} → ${res.body}`).toBe(400);
      expect(res.json().error.message.length).toBeGreaterThan(5);
    }
    const choiceMsg = (await teacher.send('POST', `/api/classes/${f.classA}/assignments`, newAssignment({ questions: [question({ kind: 'choice', choices: [{ id: 'a', label: 'Oui' }] })] }))).json();
    expect(choiceMsg.error.message).toMatch(/at least 2 choices/);
    for (const url of [`/api/lessons/${'0'.repeat(8)}-0000-4000-8000-000000000000`, '/api/lessons/not a valid id!', `/api/assignments/${f.lessonA}`]) {
      const res = await teacher.get(url);
      expect([400, 404], `${url} ${res.body}`).toContain(res.statusCode);
    }
  });

  it('covers every question type, bumps the version of a published assignment on edit, and records it', async () => {
    const teacher = as(f.tokens.teacher);
    const questions = [
      question(),
      { id: 'q2', kind: 'choice', prompt: 'Choisis.', points: 2, choices: [{ id: 'a', label: 'Oui' }, { id: 'b', label: 'Non' }], multiple: false },
      { id: 'q3', kind: 'photo', prompt: 'Photographie ta feuille.', points: 5 },
      { id: 'q4', kind: 'audio', prompt: 'Lis à voix haute.', points: 4, maxDurationSec: 60 },
    ];
    const created = await teacher.send('POST', `/api/classes/${f.classA}/assignments`, newAssignment({ questions }));
    expect(created.statusCode, created.body).toBe(201);
    const a = created.json();
    expect(a.questions).toEqual(questions);
    expect(a).toMatchObject({ status: 'draft', version: 1, dueAt: '2030-01-15T16:00:00.000Z' });
    expect((await teacher.send('PATCH', `/api/assignments/${a.id}`, { title: 'Brouillon modifié' })).json().version).toBe(1);
    expect(changes(a.id)).toEqual([]);

    await teacher.send('POST', `/api/assignments/${a.id}/publish`, {});
    const edited = await teacher.send('PATCH', `/api/assignments/${a.id}`, { dueAt: null });
    expect(edited.json()).toMatchObject({ version: 2, dueAt: null, status: 'published' });
    const log = changes(a.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ scope: `class:${f.classA}`, entity: 'assignment', op: 'put' });

    const moved = await teacher.send('PATCH', `/api/assignments/${a.id}`, { groupId: f.groupA });
    expect(moved.json()).toMatchObject({ version: 3, groupId: f.groupA });
    expect(changes(a.id).map((c) => `${c.scope} ${c.op}`)).toEqual([`class:${f.classA} delete`, `group:${f.groupA} put`]);

    const list = (await as(f.tokens.it).get(`/api/classes/${f.classA}/assignments`)).json() as { id: string }[];
    expect(list.map((x) => x.id)).toContain(a.id);
  });

  it('re-stamps a group\'s published content when a student joins the group, and records roster changes', async () => {
    const teacher = as(f.tokens.teacher);
    const l = (await teacher.send('POST', `/api/classes/${f.classA}/lessons`, { title: 'Pour le groupe', bodyMarkdown: '' })).json();
    await teacher.send('POST', `/api/lessons/${l.id}/publish`, { groupId: f.groupA });
    const before = changes(l.id).at(-1)!.seq;
    const res = await teacher.send('PATCH', `/api/groups/${f.groupA}`, { studentIds: [f.students[0], f.students[1]] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().studentIds).toEqual([f.students[0], f.students[1]].sort());
    expect(changes(l.id).at(-1)!.seq).toBeGreaterThan(before);
    expect(changes(f.groupA).at(-1)).toMatchObject({ scope: `class:${f.classA}`, entity: 'group', op: 'put' });
    // Removing only: nothing to re-stamp.
    const seq = changes(l.id).at(-1)!.seq;
    await teacher.send('PATCH', `/api/groups/${f.groupA}`, { studentIds: [f.students[0]] });
    expect(changes(l.id).at(-1)!.seq).toBe(seq);
    // Content of a group archived later stays editable (only a new target is checked).
    const g2 = (await teacher.send('POST', `/api/classes/${f.classA}/groups`, { name: 'Éphémère', studentIds: [] })).json();
    const l2 = (await teacher.send('POST', `/api/classes/${f.classA}/lessons`, { title: 'Pour un groupe éphémère', bodyMarkdown: '', groupId: g2.id })).json();
    await teacher.send('POST', `/api/lessons/${l2.id}/publish`, {});
    await teacher.send('PATCH', `/api/groups/${g2.id}`, { archived: true });
    expect((await teacher.send('PATCH', `/api/lessons/${l2.id}`, { title: 'Corrigé' })).statusCode).toBe(200);
    expect((await teacher.send('POST', `/api/lessons/${l2.id}/publish`, { groupId: g2.id })).statusCode).toBe(400);
    // A student of another class cannot join.
    expect((await teacher.send('PATCH', `/api/groups/${f.groupA}`, { studentIds: [f.studentOther] })).statusCode).toBe(400);
  });

  it('lists every targeted student with their submission, writes feedback, and returns it to the tablet', async () => {
    const teacher = as(f.tokens.teacher);
    const rows = (await teacher.get(`/api/assignments/${f.assignmentA}/submissions`)).json() as { student: { id: string }; submission: { id: string } | null; feedback: unknown }[];
    expect(rows.map((r) => r.student.id).sort()).toEqual([...f.students].sort());
    expect(rows.find((r) => r.student.id === f.students[0])!.submission!.id).toBe(f.submissionA);
    expect(rows.filter((r) => r.submission === null)).toHaveLength(2);

    const detail = (await teacher.get(`/api/submissions/${f.submissionA}`)).json();
    expect(detail).toMatchObject({ submission: { id: f.submissionA, state: 'submitted' }, student: { id: f.students[0] }, assignment: { id: f.assignmentA }, feedback: null, attachments: [] });

    expect((await teacher.send('POST', `/api/submissions/${f.submissionA}/return`)).statusCode).toBe(409);
    const tooMany = await teacher.send('PUT', `/api/submissions/${f.submissionA}/feedback`, { perQuestion: [{ questionId: 'q1', comment: '', points: 6 }], comment: '', mark: 6, maxMark: 5 });
    expect(tooMany.statusCode).toBe(400);
    const twice = await teacher.send('PUT', `/api/submissions/${f.submissionA}/feedback`, { perQuestion: [{ questionId: 'q1', comment: '', points: 1 }, { questionId: 'q1', comment: '', points: 2 }], comment: '', mark: 1, maxMark: 5 });
    expect(twice.statusCode).toBe(400);
    const unknownQ = await teacher.send('PUT', `/api/submissions/${f.submissionA}/feedback`, { perQuestion: [{ questionId: 'zz', comment: '', points: 1 }], comment: '', mark: 1, maxMark: 5 });
    expect(unknownQ.statusCode).toBe(400);

    const saved = await teacher.send('PUT', `/api/submissions/${f.submissionA}/feedback`, { perQuestion: [{ questionId: 'q1', comment: 'Clair.', points: 4 }], comment: 'Très bien', mark: 4, maxMark: 5 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ mark: 4, maxMark: 5, returnedAt: null, studentId: f.students[0] });
    expect(changes(saved.json().id)).toEqual([]);

    const returned = await teacher.send('POST', `/api/submissions/${f.submissionA}/return`);
    expect(returned.statusCode).toBe(200);
    expect(returned.json().returnedAt).toBeTruthy();
    const after = (await teacher.get(`/api/submissions/${f.submissionA}`)).json();
    expect(after.submission.state).toBe('returned');
    expect(after.feedback.comment).toBe('Très bien');
    expect(changes(saved.json().id)).toMatchObject([{ scope: `student:${f.students[0]}`, entity: 'feedback', op: 'put' }]);
    expect(changes(f.submissionA)).toMatchObject([{ scope: `student:${f.students[0]}`, entity: 'submission', op: 'put' }]);
  });

  it('will not return feedback on work that was never handed in', async () => {
    const draft = insertSubmission(t.store, f.assignmentA, f.students[2]!, 'draft');
    const teacher = as(f.tokens.teacher);
    await teacher.send('PUT', `/api/submissions/${draft}/feedback`, { perQuestion: [], comment: 'Pense à rendre.', mark: null, maxMark: 5 });
    const res = await teacher.send('POST', `/api/submissions/${draft}/return`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/not been handed in/);
  });
});
