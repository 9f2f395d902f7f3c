/**
 * The feedback form's state (strings, as inputs hold them) and its conversion to the
 * API's FeedbackRequest, with the checks the server makes (points ≤ the question's,
 * mark ≤ maximum). Pure: tested in tests/unit/console/feedback-form.test.ts.
 */
import type { Feedback, Question } from '../../protocol/entities.ts';
import type { FeedbackRequest } from '../../protocol/console.ts';
import { totalPoints, type FormProblem } from './assignment-form.ts';

export interface FeedbackDraft {
  perQuestion: Record<string, { comment: string; points: string }>;
  comment: string;
  mark: string;
  maxMark: string;
}

/** The form for existing feedback, or an empty one whose maximum is the assignment's total points. */
export function feedbackDraft(questions: readonly Question[], fb: Feedback | null): FeedbackDraft {
  const perQuestion: FeedbackDraft['perQuestion'] = {};
  for (const q of questions) {
    const f = fb?.perQuestion.find((p) => p.questionId === q.id);
    perQuestion[q.id] = { comment: f?.comment ?? '', points: f?.points == null ? '' : String(f.points) };
  }
  return {
    perQuestion,
    comment: fb?.comment ?? '',
    mark: fb?.mark == null ? '' : String(fb.mark),
    maxMark: String(fb?.maxMark ?? totalPoints(questions)),
  };
}

const num = (s: string): number | null => (s.trim() === '' ? null : Number(s.replace(',', '.')));

/** The request, or the problems (message keys) that prevent sending it. */
export function feedbackRequest(questions: readonly Question[], d: FeedbackDraft): { ok: true; request: FeedbackRequest } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const perQuestion = questions.map((q, i) => {
    const f = d.perQuestion[q.id] ?? { comment: '', points: '' };
    const points = num(f.points);
    if (points !== null && (!Number.isFinite(points) || points < 0 || points > q.points)) problems.push({ key: 'err.pointsInvalid', params: { n: i + 1 } });
    return { questionId: q.id, comment: f.comment.trim(), points };
  }).filter((pq) => pq.comment !== '' || pq.points !== null); // an empty line would show an empty « Correction » on the tablet
  const maxMark = num(d.maxMark) ?? totalPoints(questions);
  const mark = num(d.mark);
  if (!Number.isFinite(maxMark) || maxMark < 0 || maxMark > 1000) problems.push({ key: 'err.markInvalid' });
  else if (mark !== null && (!Number.isFinite(mark) || mark < 0 || mark > maxMark)) problems.push({ key: 'err.markInvalid' });
  if (problems.length) return { ok: false, problems };
  return { ok: true, request: { perQuestion, comment: d.comment, mark, maxMark } };
}
