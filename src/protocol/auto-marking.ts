/**
 * Questions that mark themselves (issue 13). Pure functions shared by the server (marking at
 * hand-in, server/sync/work-revisions.ts) and the tablet (the immediate result, offline, when
 * the assignment's policy is « résultat immédiat »): the same code gives the same points.
 *
 * The rules, as the editor states them to the teacher:
 * - choice, one answer; true/false; numeric; short answer: all the points or none;
 * - choice, several answers: +1 per right answer ticked, −1 per wrong answer ticked, never
 *   below 0, in proportion to the question's points (2 right of 3 ticked and 1 wrong: 1/3);
 * - fill in the blanks, matching: in proportion to the right blanks / right pairs;
 * - numeric: the decimal comma is accepted (« 2,5 »), as are spaces between thousands; right
 *   when |answer − value| ≤ tolerance;
 * - short answer and blanks: spaces at the ends and doubled inside never count; case and
 *   accents only when the teacher asks (« ignorer majuscules / accents »).
 * Points are rounded to the hundredth. Text, photo and audio questions, and any question
 * without a key (assignments from before), are marked by hand: no automatic mark.
 */
import type { Answer, AnswerKey, AutoMark, Question, QuestionFeedback } from './entities.ts';

export const AUTO_KINDS = ['choice', 'truefalse', 'numeric', 'short', 'blanks', 'matching'] as const;
export type AutoKind = (typeof AUTO_KINDS)[number];

export const isAutoKind = (kind: Question['kind']): kind is AutoKind => (AUTO_KINDS as readonly string[]).includes(kind);

/** The marker of a blank inside a fill-in-the-blanks prompt. */
export const BLANK = '[...]';

/** How many blanks the prompt holds. */
export const blankCount = (prompt: string): number => prompt.split(BLANK).length - 1;

/** « 2,5 », « 2.5 », « -3 », « 1 000,5 » → number; anything else → null. */
export function parseDecimal(input: string): number | null {
  const s = input.trim().replace(/[\s\u00a0\u202f]/g, '').replace(/^\u2212/, '-');
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(s)) return null;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

/** Spaces trimmed and collapsed, typographic apostrophes straightened; case and accents as asked. */
export function normalizeText(input: string, opts: { ignoreCase?: boolean; ignoreAccents?: boolean } = {}): string {
  let s = input.normalize('NFC').trim().replace(/\s+/g, ' ').replace(/[\u2019\u02bc]/g, "'");
  if (opts.ignoreAccents) s = s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  if (opts.ignoreCase) s = s.toLocaleLowerCase('fr');
  return s;
}

const accepts = (accepted: readonly string[], given: string | undefined, key: AnswerKey): boolean => {
  if (given === undefined) return false;
  const g = normalizeText(given, key);
  return g !== '' && accepted.some((a) => normalizeText(a, key) === g);
};

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Right answers found / expected, and the share of the points they earn (0…1). */
interface Score { right: number; of: number; share: number }

function score(q: Question, key: AnswerKey, a: Answer | undefined): Score | null {
  switch (q.kind) {
    case 'choice': {
      const keyIds = new Set(key.choiceIds ?? []);
      if (keyIds.size === 0) return null;
      const ticked = new Set(a?.choiceIds ?? []);
      const right = [...ticked].filter((c) => keyIds.has(c)).length;
      const wrong = ticked.size - right;
      if (!q.multiple) {
        const ok = ticked.size === 1 && right === 1;
        return { right: ok ? 1 : 0, of: 1, share: ok ? 1 : 0 };
      }
      return { right, of: keyIds.size, share: Math.max(0, right - wrong) / keyIds.size };
    }
    case 'truefalse': {
      if (key.truth === undefined) return null;
      const ok = a?.text === String(key.truth);
      return { right: ok ? 1 : 0, of: 1, share: ok ? 1 : 0 };
    }
    case 'numeric': {
      if (key.value === undefined) return null;
      const n = a?.text === undefined ? null : parseDecimal(a.text);
      // A hair of slack for binary fractions (0,1 + 0,2), never a visible one.
      const ok = n !== null && Math.abs(n - key.value) <= (key.tolerance ?? 0) + 1e-9;
      return { right: ok ? 1 : 0, of: 1, share: ok ? 1 : 0 };
    }
    case 'short': {
      if (!key.accepted?.length) return null;
      const ok = accepts(key.accepted, a?.text, key);
      return { right: ok ? 1 : 0, of: 1, share: ok ? 1 : 0 };
    }
    case 'blanks': {
      const blanks = key.blanks ?? [];
      if (blanks.length === 0) return null;
      const right = blanks.filter((accepted, i) => accepts(accepted, a?.texts?.[i], key)).length;
      return { right, of: blanks.length, share: right / blanks.length };
    }
    case 'matching': {
      const pairs = key.pairs ?? [];
      if (pairs.length === 0) return null;
      const want = new Map(pairs.map((p) => [p.left, p.right]));
      const seen = new Set<string>();
      let right = 0;
      for (const p of a?.pairs ?? []) {
        if (seen.has(p.left)) continue; // one answer per left item: the first counts
        seen.add(p.left);
        if (want.get(p.left) === p.right) right++;
      }
      return { right, of: pairs.length, share: right / pairs.length };
    }
    default:
      return null;
  }
}

/** The automatic mark of one question, or null when it is marked by hand (kind without a key, or no key). */
export function markQuestion(q: Question, answer: Answer | undefined): AutoMark | null {
  if (!isAutoKind(q.kind) || !q.key) return null;
  const s = score(q, q.key, answer);
  if (!s) return null;
  return { questionId: q.id, points: round2(q.points * s.share), max: q.points, right: s.right, of: s.of };
}

/** The automatic marks of a copy: one per self-marking question that has a key. */
export function markAnswers(questions: readonly Question[], answers: readonly Answer[]): AutoMark[] {
  const byQuestion = new Map(answers.map((a) => [a.questionId, a]));
  return questions.flatMap((q) => {
    const m = markQuestion(q, byQuestion.get(q.id));
    return m ? [m] : [];
  });
}

/** The points that count for each question: the teacher's (not null) over the automatic ones; null: not marked yet. */
export function effectivePoints(
  questions: readonly Pick<Question, 'id' | 'points'>[],
  autoMarks: readonly AutoMark[],
  overrides: readonly Pick<QuestionFeedback, 'questionId' | 'points'>[],
): { questionId: string; points: number | null; max: number; overridden: boolean }[] {
  const auto = new Map(autoMarks.map((m) => [m.questionId, m.points]));
  const teacher = new Map(overrides.filter((o) => o.points !== null).map((o) => [o.questionId, o.points as number]));
  return questions.map((q) => {
    const t = teacher.get(q.id);
    return { questionId: q.id, points: t ?? auto.get(q.id) ?? null, max: q.points, overridden: t !== undefined };
  });
}

/** The sum of the points that count (null when no question has points yet), rounded to the hundredth. */
export function totalPoints(points: readonly { points: number | null }[]): number | null {
  const given = points.filter((p): p is { points: number } => p.points !== null);
  return given.length === 0 ? null : round2(given.reduce((s, p) => s + p.points, 0));
}

/** « 6,5 / 7 » in French, « 6.5 / 7 » in English. */
export function formatScore(points: number, max: number, lang: 'fr' | 'en' = 'fr'): string {
  const f = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 2 });
  return `${f.format(points)} / ${f.format(max)}`;
}
