import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { FeedbackRequest, feedbackProblems } from '../../../src/protocol/console.ts';
import type { Feedback, Question } from '../../../src/protocol/entities.ts';
import { feedbackDraft, feedbackRequest } from '../../../src/ui/console/feedback-form.ts';

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
