import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { FeedbackRequest, feedbackProblems } from '../../../src/protocol/console.ts';
import type { Feedback, Question } from '../../../src/protocol/entities.ts';
import { defaultMark, feedbackDraft, feedbackRequest } from '../../../src/ui/console/feedback-form.ts';

const questions: Question[] = [
  { id: 'q1', kind: 'text', prompt: 'A', points: 4 },
  { id: 'q2', kind: 'photo', prompt: 'B', points: 6 },
];

describe('feedback form', () => {
  it('starts empty with the assignment total as the maximum', () => {
    const d = feedbackDraft(questions, null);
    expect(d).toEqual({ perQuestion: { q1: { comment: '', points: '' }, q2: { comment: '', points: '' } }, comment: '', mark: '', maxMark: '10' });
  });

  it('builds a request the server accepts (commas as decimal point too)', () => {
    const d = feedbackDraft(questions, null);
    d.perQuestion.q1 = { comment: 'Bien', points: '3,5' };
    d.comment = 'Bon travail';
    d.mark = '8';
    const r = feedbackRequest(questions, d);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Value.Check(FeedbackRequest, r.request)).toBe(true);
    expect(feedbackProblems(questions, r.request)).toEqual([]);
    expect(r.request.perQuestion).toEqual([{ questionId: 'q1', comment: 'Bien', points: 3.5 }]); // q2 left empty: not sent
    expect(r.request.mark).toBe(8);
    expect(r.request.maxMark).toBe(10);
  });

  it('refuses points above the question and a mark above the maximum', () => {
    const d = feedbackDraft(questions, null);
    d.perQuestion.q2 = { comment: '', points: '7' };
    d.mark = '11';
    const r = feedbackRequest(questions, d);
    expect(r).toEqual({ ok: false, problems: [{ key: 'err.pointsInvalid', params: { n: 2 } }, { key: 'err.markInvalid' }] });
  });

  it('reloads saved feedback into the form', () => {
    const fb: Feedback = {
      id: 'f', submissionId: 's', assignmentId: 'a', studentId: 'st', comment: 'ok', mark: 7, maxMark: 10, returnedAt: null, version: 1, updatedAt: '2027-01-01T00:00:00.000Z',
      perQuestion: [{ questionId: 'q2', comment: 'net', points: 5 }],
    };
    const d = feedbackDraft(questions, fb);
    expect(d.perQuestion.q2).toEqual({ comment: 'net', points: '5' });
    expect(d.mark).toBe('7');
    expect(feedbackRequest(questions, d)).toMatchObject({ ok: true, request: { mark: 7, maxMark: 10 } });
  });
});

describe('the mark an empty « Note » stands for', () => {
  const cases: [string, number | null, number, string, number | null][] = [
    ['the points when the mark is out of the points', 3, 7, '7', 3],
    ['the points brought to « sur 20 », to the half point', 3, 7, '20', 8.5],
    ['full marks stay full', 7, 7, '20', 20],
    ['an empty « sur » is the points total', 3, 7, '', 3],
    ['a « sur » with a comma', 5, 10, '2,5', 1.5],
    ['no points given: nothing', null, 7, '20', null],
    ['no question has points: the total as it is', 0, 0, '20', 0],
  ];
  for (const [name, total, questionsTotal, maxMark, want] of cases) {
    it(name, () => expect(defaultMark(total, questionsTotal, maxMark)).toBe(want));
  }

  it('is what an empty mark sends when the copy was marked automatically', () => {
    const qs: Question[] = [{ id: 'c', kind: 'choice', prompt: 'C', points: 7, choices: [{ id: 'a', label: 'A' }], correct: ['a'] } as unknown as Question];
    const d = feedbackDraft(qs, null, [{ questionId: 'c', points: 3, max: 7, right: 1, of: 2 }]);
    d.maxMark = '20';
    const r = feedbackRequest(qs, d, [{ questionId: 'c', points: 3, max: 7, right: 1, of: 2 }]);
    expect(r.ok && r.request.mark).toBe(8.5);
    expect(r.ok && r.request.maxMark).toBe(20);
  });
});
