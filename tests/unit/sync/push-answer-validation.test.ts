/**
 * A pushed answer must name what the assignment has (issue #11): a question or a choice it
 * does not have, a choice on a text question, or an assignmentVersion no tablet can have
 * seen is `rejected` with a code — never `applied`, nothing written. Answers written against
 * an older version keep the drift rules (a save is kept, a hand-in is a conflict), and what
 * they named may be carried over when the pupil hands in again at the new version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';
import { createClass, createSchool, createStudent, editAssignment, enrolDevice, openSession, publishAssignment, QUESTIONS, type School } from '../../helpers/sync-fixtures.ts';
import type { Mutation, PushResponse } from '../../../src/protocol/sync.ts';
import type { Answer } from '../../../src/protocol/entities.ts';

let t: TestApp;
let school: School;
let classA: string;
let lea: string;
let tablet: { deviceId: string; deviceToken: string };
let token: string;

beforeAll(async () => {
  t = await startTestApp();
  school = createSchool(t.store);
  classA = createClass(t.store, school);
  lea = createStudent(t.store, school, classA, 'Léa');
  tablet = enrolDevice(t.store, school, classA);
  token = openSession(t.store, lea, tablet.deviceId);
});
afterAll(async () => { await t.close(); });

let seq = 1;
const mutation = (assignmentId: string, type: Mutation['type'], answers: Answer[], assignmentVersion = 1): Mutation => ({
  type, seq: seq++, mutationId: randomUUID(), assignmentId, baseVersion: null, assignmentVersion, answers, clientAt: new Date().toISOString(),
});
async function push(mutations: Mutation[]) {
  const res = await t.app.inject({
    method: 'POST', url: '/api/sync/push', headers: { authorization: `Bearer ${token}`, 'x-cartable-device': tablet.deviceToken },
    payload: { deviceId: tablet.deviceId, appVersion: 'test', report: { pendingCount: 0, pendingBytes: 0, storageUsage: 0, storageQuota: 1 }, mutations },
  });
  expect(res.statusCode).toBe(200);
  return (res.json() as PushResponse).results;
}
const revisionCount = (assignmentId: string) =>
  t.store.db.prepare('SELECT COUNT(*) FROM submission_revisions r JOIN submissions s ON s.id = r.submission_id WHERE s.assignment_id = ?').pluck().get(assignmentId) as number;

describe('answers are checked against the assignment', () => {
  it.each<[string, Answer[], number, string]>([
    ['a question the assignment does not have', [{ questionId: 'q9', text: 'x' }], 1, 'answer_question_unknown'],
    ['a choice the question does not have', [{ questionId: 'q2', choiceIds: ['c9'] }], 1, 'answer_choice_unknown'],
    ['a choice on a text question', [{ questionId: 'q1', choiceIds: ['c3'] }], 1, 'answer_choice_unknown'],
    ['a version newer than the server’s', [{ questionId: 'q1', text: 'x' }], 2, 'assignment_version_invalid'],
    ['an absurd version', [{ questionId: 'q1', text: 'x' }], Number.MAX_SAFE_INTEGER, 'assignment_version_invalid'],
  ])('refuses %s, for a save and a hand-in, and writes nothing', async (_what, answers, version, code) => {
    const a = publishAssignment(t.store, school, { classId: classA });
    const results = await push([mutation(a, 'work.save', answers, version), mutation(a, 'work.submit', answers, version)]);
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', code });
    expect(revisionCount(a)).toBe(0);
  });

  it('accepts answers that name its questions and choices, and keeps the drift rules for an older version', async () => {
    const a = publishAssignment(t.store, school, { classId: classA });
    expect((await push([mutation(a, 'work.save', [{ questionId: 'q1', text: 'ok' }, { questionId: 'q2', choiceIds: ['c4'] }])]))[0]!.status).toBe('applied');
    editAssignment(t.store, a, { questions: [QUESTIONS[0]!] }); // the teacher removes q2: version 2
    // Written against version 1 (before the edit): honest drift, kept.
    expect((await push([mutation(a, 'work.save', [{ questionId: 'q2', choiceIds: ['c4'] }], 1)]))[0]!.status).toBe('applied');
    expect((await push([mutation(a, 'work.submit', [{ questionId: 'q2', choiceIds: ['c4'] }], 1)]))[0]).toMatchObject({ status: 'conflict', code: 'assignment_changed' });
    // Handed in again at version 2 after the conflict, the tablet still carries q2: what the pupil's
    // earlier revisions named is accepted; anything new that version 2 lacks is not.
    expect((await push([mutation(a, 'work.submit', [{ questionId: 'q1', text: 'vérifié' }, { questionId: 'q2', choiceIds: ['c4'] }], 2)]))[0]!.status).toBe('applied');
    expect((await push([mutation(a, 'work.save', [{ questionId: 'q9', text: 'x' }], 2)]))[0]).toMatchObject({ status: 'rejected', code: 'answer_question_unknown' });
    expect((await push([mutation(a, 'work.save', [{ questionId: 'q2', choiceIds: ['c3'] }], 2)]))[0]).toMatchObject({ status: 'rejected', code: 'answer_question_unknown' });
  });

  it('refuses at the new version an answer to a removed question that no earlier revision named', async () => {
    const a = publishAssignment(t.store, school, { classId: classA });
    editAssignment(t.store, a, { questions: [QUESTIONS[0]!] });
    expect((await push([mutation(a, 'work.save', [{ questionId: 'q2', choiceIds: ['c4'] }], 2)]))[0]).toMatchObject({ status: 'rejected', code: 'answer_question_unknown' });
  });
});
