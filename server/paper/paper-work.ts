/**
 * A pupil's work built from their returned paper pages (issue 15). Pure: the service reads
 * the rows, this decides the answers, so the rules are tested as a table.
 *
 * - Each page becomes a photo on the question it answers: the first question on the page
 *   whose answer is written or drawn (lines, a frame, a number box…), else the first
 *   question answered on it (a page of boxes only: the teacher sees the boxes ticked). The
 *   letter to the family answers nothing and is not kept.
 * - The boxes of a choice or true/false question, gathered over its pages, become its answer
 *   only when every box is known (read surely, or confirmed by the teacher). One unsure or
 *   unread box — or a page of the question not returned yet — and the question has no
 *   answer and no automatic mark: it is flagged for the teacher, never guessed.
 * - Automatic marks are given to the questions read from the boxes, and to questions answered
 *   on a tablet that no returned page covers. A question whose answer is on a page (a
 *   number, a sentence) is marked by hand from the picture: no automatic zero.
 */
import type { Answer, Question } from '../../src/protocol/entities.ts';
import type { PackLayout, PaperBox, PaperQuestionReading } from '../../src/protocol/paper-returns.ts';

export interface ReceivedPage { page: number; attachmentId: string; boxes: PaperBox[] | null }

const BOXED = new Set<Question['kind']>(['choice', 'truefalse']);

/** The question a returned page is attached to (null: the letter, nothing to attach). Without a layout: the first photo question, else the first. */
export function pageTarget(layout: PackLayout | null, page: number, questions: readonly Question[]): string | null {
  if (!layout) return (questions.find((q) => q.kind === 'photo') ?? questions[0])?.id ?? null;
  const answered = layout.pages[page - 1]?.answers ?? [];
  const kinds = new Map(questions.map((q) => [q.id, q.kind]));
  const present = answered.filter((id) => kinds.has(id));
  return present.find((id) => !BOXED.has(kinds.get(id)!)) ?? present[0] ?? null;
}

/** The boxes printed on `page`, with the reader's states where it gave one ('unread' otherwise). */
export function boxesOfPage(layout: PackLayout | null, page: number, read: readonly { questionId: string; choiceId: string; state: 'ticked' | 'empty' | 'unsure' }[] | null): PaperBox[] | null {
  const printed = layout?.pages[page - 1]?.ticks;
  if (!printed) return null;
  const states = new Map((read ?? []).map((b) => [`${b.questionId}.${b.choiceId}`, b.state]));
  return printed.map((t) => ({ questionId: t.questionId, choiceId: t.choiceId, state: states.get(`${t.questionId}.${t.choiceId}`) ?? 'unread', by: 'reader' as const }));
}

/** The answers, the questions to mark automatically, and the readings of the boxed questions. */
export function paperWork(questions: readonly Question[], latest: readonly Answer[], pages: readonly ReceivedPage[], layout: PackLayout | null): {
  answers: Answer[];
  autoMarked: Set<string>;
  readings: PaperQuestionReading[];
} {
  const answers = new Map(latest.map((a) => [a.questionId, { ...a }]));
  const byPage = [...pages].sort((a, b) => a.page - b.page);
  const onPaper = new Set<string>();
  for (const p of byPage) {
    const target = pageTarget(layout, p.page, questions);
    if (!target) continue;
    const a = answers.get(target) ?? { questionId: target };
    const ids = a.attachmentIds ?? [];
    if (!ids.includes(p.attachmentId)) a.attachmentIds = [...ids, p.attachmentId].slice(-10);
    answers.set(target, a);
    for (const id of layout?.pages[p.page - 1]?.answers ?? [target]) onPaper.add(id);
  }
  // Every box of each boxed question, in page order; boxes on pages not returned are unread.
  const received = new Set(byPage.map((p) => p.page));
  const boxes = new Map<string, { page: number; boxes: PaperQuestionReading['boxes'] }>();
  const add = (questionId: string, page: number, box: PaperQuestionReading['boxes'][number]) => {
    const entry = boxes.get(questionId) ?? { page, boxes: [] };
    entry.boxes.push(box);
    boxes.set(questionId, entry);
  };
  for (const p of byPage) for (const b of p.boxes ?? []) add(b.questionId, p.page, { choiceId: b.choiceId, state: b.state, by: b.by });
  layout?.pages.forEach((lp, i) => {
    if (received.has(i + 1)) return;
    for (const t of lp.ticks) if (boxes.has(t.questionId)) add(t.questionId, i + 1, { choiceId: t.choiceId, state: 'unread', by: 'reader' });
  });
  const kinds = new Map(questions.map((q) => [q.id, q]));
  const readings: PaperQuestionReading[] = [];
  const autoMarked = new Set<string>();
  for (const q of questions) {
    const read = boxes.get(q.id);
    if (!read || !BOXED.has(q.kind)) continue;
    const flagged = read.boxes.some((b) => b.state === 'unsure' || b.state === 'unread');
    readings.push({ questionId: q.id, page: read.page, boxes: read.boxes, flagged });
    const a: Answer = { ...(answers.get(q.id) ?? { questionId: q.id }) };
    delete a.choiceIds;
    delete a.text;
    if (!flagged) {
      const ticked = read.boxes.filter((b) => b.state === 'ticked').map((b) => b.choiceId);
      if (q.kind === 'choice') { if (ticked.length) a.choiceIds = (q.choices ?? []).map((c) => c.id).filter((id) => ticked.includes(id)); }
      else if (ticked.length === 1) a.text = ticked[0];
      autoMarked.add(q.id);
    }
    answers.set(q.id, a);
    onPaper.add(q.id);
  }
  for (const a of latest) {
    const q = kinds.get(a.questionId);
    const given = !!(a.text || a.choiceIds?.length || a.texts?.some(Boolean) || a.pairs?.length);
    if (q && given && !onPaper.has(q.id)) autoMarked.add(q.id);
  }
  const ordered = questions.flatMap((q) => {
    const a = answers.get(q.id);
    return a && (a.text !== undefined || a.choiceIds?.length || a.texts?.length || a.pairs?.length || a.attachmentIds?.length) ? [a] : [];
  });
  return { answers: ordered, autoMarked, readings };
}
