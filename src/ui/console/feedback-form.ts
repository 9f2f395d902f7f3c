/**
 * The feedback form's state (strings, as inputs hold them) and its conversion to the
 * API's FeedbackRequest, with the checks the server makes (points ≤ the question's,
 * mark ≤ maximum). Pure: tested in tests/unit/console/feedback-form.test.ts.
 */
import type { AutoMark, Feedback, Question } from '../../protocol/entities.ts';
import { effectivePoints, totalPoints as sumPoints } from '../../protocol/auto-marking.ts';
import type { FeedbackRequest } from '../../protocol/console.ts';
import { totalPoints, type FormProblem } from './assignment-form.ts';

export interface FeedbackDraft {
  perQuestion: Record<string, { comment: string; points: string }>;
  comment: string;
  mark: string;
  maxMark: string;
}

/**
 * The form for existing feedback, or an empty one whose maximum is the assignment's total points.
 * A question's points are prefilled with its automatic points (issue 13) unless the teacher gave their own.
 */
export function feedbackDraft(questions: readonly Question[], fb: Feedback | null, autoMarks: readonly AutoMark[] = []): FeedbackDraft {
  const perQuestion: FeedbackDraft['perQuestion'] = {};
  const auto = new Map(autoMarks.map((m) => [m.questionId, m.points]));
  for (const q of questions) {
    const f = fb?.perQuestion.find((p) => p.questionId === q.id);
    const points = f?.points ?? auto.get(q.id) ?? null;
    perQuestion[q.id] = { comment: f?.comment ?? '', points: points === null ? '' : String(points) };
  }
  return {
    perQuestion,
    comment: fb?.comment ?? '',
    mark: fb?.mark == null ? '' : String(fb.mark),
    maxMark: String(fb?.maxMark ?? totalPoints(questions)),
  };
}

const num = (s: string): number | null => (s.trim() === '' ? null : Number(s.replace(',', '.')));

/** Whether the teacher's points for the question differ from the automatic ones (an override). */
export const isOverride = (typed: string, auto: AutoMark | undefined): boolean => auto !== undefined && num(typed) !== auto.points;

/** The total of the points as the form holds them (the teacher's, else the automatic ones); null when none. */
export function draftTotal(questions: readonly Question[], d: FeedbackDraft, autoMarks: readonly AutoMark[] = []): number | null {
  const typed = questions.map((q) => ({ questionId: q.id, points: num(d.perQuestion[q.id]?.points ?? '') }));
  const valid = typed.map((x) => ({ ...x, points: x.points !== null && Number.isFinite(x.points) ? x.points : null }));
  return sumPoints(effectivePoints(questions, autoMarks, valid));
}

/**
 * The mark an empty « Note » stands for: the questions' points, brought to the mark's « sur »
 * when the teacher marks out of something else (3 points of 7, « sur 20 » → 8,5), rounded to
 * the half point as marks are written; null without points or with an unreadable « sur ».
 */
export function defaultMark(total: number | null, questionsTotal: number, maxMark: string): number | null {
  if (total === null) return null;
  const outOf = num(maxMark) ?? questionsTotal;
  if (!Number.isFinite(outOf) || outOf < 0 || questionsTotal <= 0 || outOf === questionsTotal) return total;
  return Math.round((total * outOf * 2) / questionsTotal) / 2;
}

/**
 * The request, or the problems (message keys) that prevent sending it. Points equal to the
 * automatic ones are sent as null (no override: a corrected key would still count); an empty
 * mark is the total of the points when there are any, brought to the « sur » (defaultMark).
 */
export function feedbackRequest(questions: readonly Question[], d: FeedbackDraft, autoMarks: readonly AutoMark[] = []): { ok: true; request: FeedbackRequest } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const auto = new Map(autoMarks.map((m) => [m.questionId, m]));
  const perQuestion = questions.map((q, i) => {
    const f = d.perQuestion[q.id] ?? { comment: '', points: '' };
    const typed = num(f.points);
    if (typed !== null && (!Number.isFinite(typed) || typed < 0 || typed > q.points)) problems.push({ key: 'err.pointsInvalid', params: { n: i + 1 } });
    const a = auto.get(q.id);
    const points = a && !isOverride(f.points, a) ? null : typed;
    return { questionId: q.id, comment: f.comment.trim(), points };
  }).filter((pq) => pq.comment !== '' || pq.points !== null); // an empty line would show an empty « Correction » on the tablet
  const maxMark = num(d.maxMark) ?? totalPoints(questions);
  const mark = num(d.mark) ?? (autoMarks.length ? defaultMark(draftTotal(questions, d, autoMarks), totalPoints(questions), d.maxMark) : null);
  if (!Number.isFinite(maxMark) || maxMark < 0 || maxMark > 1000) problems.push({ key: 'err.markInvalid' });
  else if (mark !== null && (!Number.isFinite(mark) || mark < 0 || mark > maxMark)) problems.push({ key: 'err.markInvalid' });
  if (problems.length) return { ok: false, problems };
  return { ok: true, request: { perQuestion, comment: d.comment, mark, maxMark } };
}
