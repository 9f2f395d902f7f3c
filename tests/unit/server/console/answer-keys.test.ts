/**
 * The answer keys of self-marking questions over HTTP (issue 13): a key that does not fit its
 * question, or a malformed one, is a clear 400 with a code and a message — never a 500 — and
 * the teacher's console reads back the keys and the result policy it set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, makeFixture, type Fixture } from './school-fixture.ts';

let t: TestApp;
let f: Fixture;

const numeric = { id: 'n1', kind: 'numeric', prompt: '5 ÷ 2 ?', points: 1, key: { value: 2.5, tolerance: 0.1 } };
const body = (questions: unknown[], extra: Record<string, unknown> = {}) => ({ title: 'Auto', instructionsMarkdown: '', dueAt: null, questions, ...extra });

describe('answer keys over HTTP', () => {
  beforeAll(async () => {
    t = await startTestApp();
    f = await makeFixture(t);
  });
  afterAll(async () => { await t.close(); });

  const post = (payload: unknown) => t.app.inject({ method: 'POST', url: `/api/classes/${f.classA}/assignments`, headers: auth(f.tokens.teacher), payload: payload as object });

  it('stores the keys and the policy, and gives them back to the teacher', async () => {
    const res = await post(body([numeric], { resultPolicy: 'immediate' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ resultPolicy: 'immediate', questions: [{ key: { value: 2.5, tolerance: 0.1 } }] });
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/assignments/${res.json().id}`, headers: auth(f.tokens.teacher), payload: { resultPolicy: 'on_return' } });
    expect(patched.json().resultPolicy).toBe('on_return');
  });

  it.each<[string, unknown, string]>([
    ['a key on a written question', body([{ id: 'q', kind: 'text', prompt: 'p', points: 1, key: { accepted: ['x'] } }]), 'key_not_allowed'],
    ['a numeric question without its value', body([{ ...numeric, key: {} }]), 'key_missing'],
    ['a numeric key with a short answer\'s field', body([{ ...numeric, key: { value: 1, accepted: ['1'] } }]), 'key_invalid'],
    ['a choice key naming no choice of the question', body([{ id: 'c', kind: 'choice', prompt: 'p', points: 1, choices: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }], key: { choiceIds: ['z'] } }]), 'key_choice_unknown'],
    ['two right answers on a one-answer choice', body([{ id: 'c', kind: 'choice', prompt: 'p', points: 1, choices: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }], key: { choiceIds: ['a', 'b'] } }]), 'key_invalid'],
    ['more accepted lists than blanks', body([{ id: 'b', kind: 'blanks', prompt: 'Un [...].', points: 1, key: { blanks: [['a'], ['b']] } }]), 'blanks_key_mismatch'],
    ['a matching pair to nowhere', body([{ id: 'm', kind: 'matching', prompt: 'p', points: 1, left: [{ id: 'l1', label: 'A' }, { id: 'l2', label: 'B' }], choices: [{ id: 'r1', label: '1' }, { id: 'r2', label: '2' }], key: { pairs: [{ left: 'l1', right: 'r1' }, { left: 'l2', right: 'r9' }] } }]), 'matching_invalid'],
    ['a negative tolerance', body([{ ...numeric, key: { value: 1, tolerance: -1 } }]), 'validation'],
    ['an unknown policy', body([numeric], { resultPolicy: 'sometimes' }), 'validation'],
    ['an empty accepted answer', body([{ id: 's', kind: 'short', prompt: 'p', points: 1, key: { accepted: [''] } }]), 'validation'],
  ])('refuses %s with a 400', async (_name, payload, code) => {
    const res = await post(payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code, message: expect.any(String) });
  });
});
