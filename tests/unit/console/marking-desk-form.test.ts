/** The marking desk's points (issue 13): prefilled by the automatic marking, the teacher's different points kept as an override, the total. */
import { describe, expect, it } from 'vitest';
import type { AutoMark, Question } from '../../../src/protocol/entities.ts';
import { formatScore } from '../../../src/protocol/auto-marking.ts';
import { draftTotal, feedbackDraft, feedbackRequest, isOverride } from '../../../src/ui/console/feedback-form.ts';

const questions: Question[] = [
  { id: 'a', kind: 'numeric', prompt: '1', points: 3, key: { value: 1 } },
  { id: 'b', kind: 'short', prompt: '2', points: 2, key: { accepted: ['x'] } },
  { id: 'c', kind: 'text', prompt: '3', points: 2 },
];
const auto: AutoMark[] = [
  { questionId: 'a', points: 3, max: 3, right: 1, of: 1 },
  { questionId: 'b', points: 0, max: 2, right: 0, of: 1 },
];

describe('the marking desk', () => {
  it('prefills the automatic points, totals them, and sends only the teacher’s different points', () => {
    const d = feedbackDraft(questions, null, auto);
    expect([d.perQuestion.a?.points, d.perQuestion.b?.points, d.perQuestion.c?.points]).toEqual(['3', '0', '']);
    expect(draftTotal(questions, d, auto)).toBe(3);
    d.perQuestion.b = { comment: '', points: '1,5' }; // override
    d.perQuestion.c = { comment: 'Bien', points: '2' }; // marked by hand
    expect(isOverride('1,5', auto[1])).toBe(true);
    expect(isOverride('3', auto[0])).toBe(false);
    const total = draftTotal(questions, d, auto);
    expect(total).toBe(6.5);
    expect(formatScore(total!, 7)).toBe('6,5 / 7');
    const r = feedbackRequest(questions, d, auto);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.request.perQuestion).toEqual([{ questionId: 'b', comment: '', points: 1.5 }, { questionId: 'c', comment: 'Bien', points: 2 }]);
    expect(r.request).toMatchObject({ mark: 6.5, maxMark: 7 });
  });

  it('keeps a saved override when the copy is opened again, and an explicit mark wins over the total', () => {
    const d = feedbackDraft(questions, { id: 'f', submissionId: 's', assignmentId: 'x', studentId: 'p', perQuestion: [{ questionId: 'a', comment: '', points: 1 }], comment: '', mark: 5, maxMark: 7, returnedAt: null, version: 1, updatedAt: new Date().toISOString() }, auto);
    expect(d.perQuestion.a?.points).toBe('1');
    expect(d.mark).toBe('5');
    const r = feedbackRequest(questions, d, auto);
    expect(r.ok && r.request).toMatchObject({ mark: 5, perQuestion: [{ questionId: 'a', points: 1 }] });
  });

  it('refuses points above the question’s', () => {
    const d = feedbackDraft(questions, null, auto);
    d.perQuestion.b = { comment: '', points: '3' };
    expect(feedbackRequest(questions, d, auto).ok).toBe(false);
  });
});
