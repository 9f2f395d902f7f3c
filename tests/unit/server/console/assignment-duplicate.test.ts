/**
 * Duplicating an assignment: a new draft with the same instructions, questions and subject, in
 * the same class (keeping its group) or another class of the same teacher (no group); never a
 * due date; the original untouched. Refusals are clear 4xx codes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { auth, makeFixture, type Fixture } from './school-fixture.ts';
import type { Assignment } from '../../../../src/protocol/entities.ts';

let t: TestApp;
let f: Fixture;
let source: Assignment;
let otherClass: string;

const post = (token: string, id: string, payload: unknown) => t.app.inject({ method: 'POST', url: `/api/assignments/${id}/duplicate`, headers: auth(token), payload: payload as object });

beforeEach(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
  const questions = [{ id: 'q1', kind: 'text' as const, prompt: 'Explique.', points: 5 }, { id: 'q2', kind: 'choice' as const, prompt: 'Laquelle ?', points: 2, choices: [{ id: 'a', label: '1/2' }, { id: 'b', label: '3/4' }], key: { choiceIds: ['b'] } }];
  source = await t.store.content.createAssignment(SYSTEM, f.classA, { title: 'Les fractions', instructionsMarkdown: 'Lis **bien**.', dueAt: '2027-03-12T16:00:00.000Z', questions, subject: 'Mathématiques', resultPolicy: 'immediate' });
  source = await t.store.content.publishAssignment(SYSTEM, source.id, f.groupA);
  // A second class of the same teacher, in the same school.
  const [teacherId] = t.store.db.prepare('SELECT id FROM users WHERE login = ?').pluck().all('prof.a') as string[];
  otherClass = (await t.store.roster.createClass(SYSTEM, { name: '5e C', teacherIds: [teacherId!] }, f.schoolA)).id;
});
afterEach(async () => { await t.close(); });

describe('duplicate an assignment', () => {
  it('into the same class: a draft with the same content and group, no due date, the original untouched', async () => {
    const res = await post(f.tokens.teacher, source.id, { classId: f.classA, title: 'Les fractions (copie)' });
    expect(res.statusCode).toBe(201);
    const copy = res.json() as Assignment;
    expect(copy.id).not.toBe(source.id);
    expect(copy).toMatchObject({ classId: f.classA, groupId: f.groupA, title: 'Les fractions (copie)', status: 'draft', publishedAt: null, dueAt: null, instructionsMarkdown: 'Lis **bien**.', subject: 'Mathématiques', version: 1 });
    expect(copy.questions).toEqual(source.questions);
    // The answer keys and the result policy travel with the copy (the console sees them; tablets only when the policy says).
    expect(copy.resultPolicy).toBe('immediate');
    expect(t.store.db.prepare('SELECT questions_json, result_policy FROM assignments WHERE id = ?').get(copy.id)).toEqual(t.store.db.prepare('SELECT questions_json, result_policy FROM assignments WHERE id = ?').get(source.id));
    const original = (await t.app.inject({ method: 'GET', url: `/api/assignments/${source.id}`, headers: auth(f.tokens.teacher) })).json() as Assignment;
    expect(original).toMatchObject({ status: 'published', title: 'Les fractions', dueAt: source.dueAt, version: source.version });
    // A draft never reaches the tablets: nothing in the change log for it.
    expect(t.store.db.prepare('SELECT COUNT(*) FROM changes WHERE entity_id = ?').pluck().get(copy.id)).toBe(0);
  });

  it('into another class of the teacher: the original title, no group', async () => {
    const res = await post(f.tokens.teacher, source.id, { classId: otherClass });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ classId: otherClass, groupId: null, title: 'Les fractions', status: 'draft', dueAt: null });
    const list = (await t.app.inject({ method: 'GET', url: `/api/classes/${otherClass}/assignments`, headers: auth(f.tokens.teacher) })).json() as Assignment[];
    expect(list.map((a) => a.title)).toEqual(['Les fractions']);
  });

  it('refuses a class the teacher does not teach, someone else\'s assignment, the IT referent and bad bodies', async () => {
    const notMine = await post(f.tokens.teacher, source.id, { classId: f.classA2 });
    expect([notMine.statusCode, notMine.json().error.code]).toEqual([404, 'class_not_found']);
    const otherSchool = await post(f.tokens.teacher, source.id, { classId: f.classB });
    expect([otherSchool.statusCode, otherSchool.json().error.code]).toEqual([404, 'class_not_found']);
    const foreign = await post(f.tokens.teacher2, source.id, { classId: f.classA2 });
    expect([foreign.statusCode, foreign.json().error.code]).toEqual([404, 'assignment_not_found']);
    const unknown = await post(f.tokens.teacher, 'nope', { classId: f.classA });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'assignment_not_found']);
    const it = await post(f.tokens.it, source.id, { classId: f.classA });
    expect([it.statusCode, it.json().error.code]).toEqual([403, 'teacher_only']);
    for (const body of [{}, { classId: 42 }, { classId: f.classA, title: '' }, { classId: f.classA, title: 'x'.repeat(301) }, { classId: '../etc' }]) {
      const r = await post(f.tokens.teacher, source.id, body);
      expect([r.statusCode, r.json().error.code]).toEqual([400, 'validation']);
    }
    expect(t.store.db.prepare('SELECT COUNT(*) FROM assignments').pluck().get()).toBe(2); // the fixture's and the source
  });
});
