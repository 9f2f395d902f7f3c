/**
 * The assignment editor's state and its conversion to the API's request. The form keeps
 * strings (what the inputs hold); `formToRequest` checks them and builds a request the
 * server's schema accepts (choices only on choice questions, durations only on audio).
 * Pure: tested in tests/unit/console/assignment-form.test.ts.
 */
import type { AnswerKey, Assignment, Question, QuestionKind, ResultPolicy } from '../../protocol/entities.ts';
import { blankCount, parseDecimal } from '../../protocol/auto-marking.ts';
import type { CreateAssignmentRequest } from '../../protocol/console.ts';
import type { ConsoleMessageKey } from '../../i18n/console-fr.ts';
import { isSizedKind, PAPER_FRAME_MAX_MM, PAPER_FRAME_MIN_MM } from '../../protocol/paper-defaults.ts';

export interface ChoiceForm { id: string; label: string }
export interface QuestionForm {
  id: string;
  kind: QuestionKind;
  prompt: string;
  points: string;
  choices: ChoiceForm[];
  multiple: boolean;
  maxDurationSec: string;
  /** Self-marking (issue 13). Choice: the right choices (none: marked by hand). */
  rightChoiceIds: string[];
  /** True/false: the right answer ('' not set yet). */
  truth: '' | 'true' | 'false';
  /** Numeric: value and tolerance as typed (decimal comma accepted). */
  numValue: string;
  numTolerance: string;
  /** Short answer: accepted answers, one per line. Blanks: per blank, accepted answers separated by « / ». */
  accepted: string;
  blankAnswers: string[];
  ignoreCase: boolean;
  ignoreAccents: boolean;
  /** Matching: the pairs as the teacher writes them (the tablet lists the right column alphabetically). */
  pairs: PairForm[];
  /** Paper homework (issue 15): the wording printed instead of the prompt ('' none), and the answer area's height in mm as typed ('' the default). */
  paperPrompt: string;
  paperFrameMm: string;
}
export interface PairForm { leftId: string; rightId: string; left: string; right: string }
export interface AssignmentForm {
  title: string;
  instructionsMarkdown: string;
  /** `<input type="datetime-local">` value (local time), or ''. */
  dueLocal: string;
  /** The subject as typed; '' means the class's. */
  subject: string;
  /** When pupils see the automatic result. */
  resultPolicy: ResultPolicy;
  /** The linked lesson's id; '' none. */
  lessonId: string;
  questions: QuestionForm[];
}

/** A problem found in the form: a message key and its placeholders. */
export interface FormProblem { key: ConsoleMessageKey; params?: Record<string, string | number> }

/** A fresh random id, as the protocol's Id pattern allows. */
export const newId = (): string => crypto.randomUUID();

export function newQuestion(kind: QuestionKind = 'text'): QuestionForm {
  return {
    id: newId(), kind, prompt: '', points: '1',
    choices: kind === 'choice' ? [{ id: newId(), label: '' }, { id: newId(), label: '' }] : [],
    multiple: false, maxDurationSec: '120',
    rightChoiceIds: [], truth: '', numValue: '', numTolerance: '0', accepted: '', blankAnswers: [], ignoreCase: true, ignoreAccents: false,
    pairs: kind === 'matching' ? [newPair(), newPair()] : [],
    paperPrompt: '', paperFrameMm: '',
  };
}

export const newPair = (): PairForm => ({ leftId: newId(), rightId: newId(), left: '', right: '' });

/** Accepted answers of one blank as typed (« lait / lolo ») → the list. */
export const splitAlternatives = (s: string): string[] => s.split('/').map((x) => x.trim()).filter(Boolean);
const lines = (s: string): string[] => s.split('\n').map((x) => x.trim()).filter(Boolean);

export const emptyForm = (): AssignmentForm => ({ title: '', instructionsMarkdown: '', dueLocal: '', subject: '', resultPolicy: 'on_return', lessonId: '', questions: [newQuestion('text')] });

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO instant → `datetime-local` value in the browser's time zone. */
export function isoToLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `datetime-local` value (local time) → ISO instant, or null when empty/invalid. */
export function localInputToIso(v: string): string | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function formFromAssignment(a: Assignment): AssignmentForm {
  return {
    title: a.title,
    instructionsMarkdown: a.instructionsMarkdown,
    dueLocal: isoToLocalInput(a.dueAt),
    subject: a.subject ?? '',
    resultPolicy: a.resultPolicy ?? 'on_return',
    lessonId: a.lessonId ?? '',
    questions: a.questions.map((q): QuestionForm => {
      const k = q.key ?? {};
      const right = new Map((q.choices ?? []).map((c) => [c.id, c.label]));
      return {
        id: q.id, kind: q.kind, prompt: q.prompt, points: String(q.points),
        choices: q.kind === 'choice' && q.choices ? q.choices.map((c) => ({ ...c })) : [],
        multiple: q.multiple ?? false,
        maxDurationSec: String(q.maxDurationSec ?? 120),
        rightChoiceIds: k.choiceIds ?? [],
        truth: k.truth === undefined ? '' : k.truth ? 'true' : 'false',
        numValue: k.value === undefined ? '' : String(k.value).replace('.', ','),
        numTolerance: String(k.tolerance ?? 0).replace('.', ','),
        accepted: (q.kind === 'short' ? k.accepted ?? [] : []).join('\n'),
        blankAnswers: (k.blanks ?? []).map((b) => b.join(' / ')),
        ignoreCase: k.ignoreCase ?? false,
        ignoreAccents: k.ignoreAccents ?? false,
        pairs: q.kind === 'matching'
          ? (q.left ?? []).map((l) => {
              const rightId = k.pairs?.find((p) => p.left === l.id)?.right ?? '';
              return { leftId: l.id, rightId, left: l.label, right: right.get(rightId) ?? '' };
            })
          : [],
        paperPrompt: q.paperPrompt ?? '',
        paperFrameMm: q.paperFrameMm === undefined ? '' : String(q.paperFrameMm),
      };
    }),
  };
}

/** One question of the form as the protocol's Question (no validation). */
export function questionFromForm(q: QuestionForm): Question {
  const out: Question = { id: q.id, kind: q.kind, prompt: q.prompt.trim(), points: Number(q.points) };
  if (q.kind === 'choice') {
    out.choices = q.choices.map((c) => ({ id: c.id, label: c.label.trim() }));
    out.multiple = q.multiple;
    const ids = new Set(q.choices.map((c) => c.id));
    const right = q.rightChoiceIds.filter((id) => ids.has(id));
    if (right.length) out.key = { choiceIds: q.multiple ? right : right.slice(0, 1) };
  }
  if (q.kind === 'audio') out.maxDurationSec = Number(q.maxDurationSec);
  const textOpts = { ...(q.ignoreCase ? { ignoreCase: true } : {}), ...(q.ignoreAccents ? { ignoreAccents: true } : {}) };
  if (q.kind === 'truefalse' && q.truth) out.key = { truth: q.truth === 'true' };
  if (q.kind === 'numeric') {
    const key: AnswerKey = {};
    const v = parseDecimal(q.numValue);
    if (v !== null) key.value = v;
    key.tolerance = parseDecimal(q.numTolerance) ?? 0;
    out.key = key;
  }
  if (q.kind === 'short') out.key = { accepted: lines(q.accepted), ...textOpts };
  if (q.kind === 'blanks') {
    const n = blankCount(q.prompt);
    out.key = { blanks: Array.from({ length: n }, (_, i) => splitAlternatives(q.blankAnswers[i] ?? '')), ...textOpts };
  }
  if (q.kind === 'matching') {
    out.left = q.pairs.map((p) => ({ id: p.leftId, label: p.left.trim() }));
    out.choices = q.pairs.map((p) => ({ id: p.rightId, label: p.right.trim() }));
    out.key = { pairs: q.pairs.map((p) => ({ left: p.leftId, right: p.rightId })) };
  }
  if (q.paperPrompt.trim()) out.paperPrompt = q.paperPrompt.trim();
  if (isSizedKind(q.kind) && q.paperFrameMm.trim()) out.paperFrameMm = Number(q.paperFrameMm);
  return out;
}

/** Problems of the form (empty when it can be saved). */
export function formProblems(f: AssignmentForm): FormProblem[] {
  const p: FormProblem[] = [];
  if (!f.title.trim()) p.push({ key: 'err.titleRequired' });
  if (f.questions.length === 0) p.push({ key: 'err.questionsRequired' });
  f.questions.forEach((q, i) => {
    const n = i + 1;
    if (!q.prompt.trim()) p.push({ key: 'err.promptRequired', params: { n } });
    const pts = Number(q.points);
    if (q.points.trim() === '' || !Number.isFinite(pts) || pts < 0 || pts > 100) p.push({ key: 'err.pointsInvalid', params: { n } });
    if (q.kind === 'choice') {
      if (q.choices.length < 2) p.push({ key: 'err.choicesRequired', params: { n } });
      if (q.choices.some((c) => !c.label.trim())) p.push({ key: 'err.choiceEmpty', params: { n } });
    }
    if (q.kind === 'choice' && q.multiple === false && q.rightChoiceIds.filter((id) => q.choices.some((c) => c.id === id)).length > 1) p.push({ key: 'err.oneRightChoice', params: { n } });
    if (q.kind === 'truefalse' && !q.truth) p.push({ key: 'err.keyRequired', params: { n } });
    if (q.kind === 'numeric' && (parseDecimal(q.numValue) === null || (q.numTolerance.trim() !== '' && (parseDecimal(q.numTolerance) ?? -1) < 0))) p.push({ key: 'err.numberInvalid', params: { n } });
    if (q.kind === 'short' && lines(q.accepted).length === 0) p.push({ key: 'err.keyRequired', params: { n } });
    if (q.kind === 'blanks') {
      const blanks = blankCount(q.prompt);
      if (blanks === 0) p.push({ key: 'err.blanksNone', params: { n } });
      else if (Array.from({ length: blanks }, (_, i) => splitAlternatives(q.blankAnswers[i] ?? '')).some((b) => b.length === 0)) p.push({ key: 'err.keyRequired', params: { n } });
    }
    if (q.kind === 'matching' && (q.pairs.length < 2 || q.pairs.some((x) => !x.left.trim() || !x.right.trim()))) p.push({ key: 'err.pairsInvalid', params: { n } });
    const frame = q.paperFrameMm.trim();
    if (isSizedKind(q.kind) && frame && !(Number.isInteger(Number(frame)) && Number(frame) >= PAPER_FRAME_MIN_MM && Number(frame) <= PAPER_FRAME_MAX_MM)) p.push({ key: 'err.paperFrameInvalid', params: { n } });
    if (q.kind === 'audio') {
      const d = Number(q.maxDurationSec);
      if (!Number.isInteger(d) || d < 10 || d > 600) p.push({ key: 'err.durationInvalid', params: { n } });
    }
  });
  return p;
}

/** The request body for create/update, or the problems that prevent it. */
export function formToRequest(f: AssignmentForm): { ok: true; request: CreateAssignmentRequest } | { ok: false; problems: FormProblem[] } {
  const problems = formProblems(f);
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    request: {
      title: f.title.trim(),
      instructionsMarkdown: f.instructionsMarkdown,
      dueAt: localInputToIso(f.dueLocal),
      subject: f.subject.trim() || null,
      resultPolicy: f.resultPolicy,
      lessonId: f.lessonId || null,
      questions: f.questions.map(questionFromForm),
    },
  };
}

/** The assignment the preview shows for the form as it is now (unsaved edits included). */
export function previewAssignment(f: AssignmentForm, base: Pick<Assignment, 'id' | 'classId' | 'groupId' | 'version' | 'status' | 'publishedAt' | 'media'> | null): Assignment {
  return {
    id: base?.id ?? 'preview',
    classId: base?.classId ?? 'preview',
    groupId: base?.groupId ?? null,
    title: f.title || '…',
    instructionsMarkdown: f.instructionsMarkdown,
    dueAt: localInputToIso(f.dueLocal),
    subject: f.subject.trim() || null,
    resultPolicy: f.resultPolicy,
    lessonId: f.lessonId || null,
    questions: f.questions.map(questionFromForm),
    // The media saved on the server, those of the instructions and of the questions still in the form.
    media: (base?.media ?? []).filter((m) => !m.questionId || f.questions.some((q) => q.id === m.questionId)),
    version: base?.version ?? 1,
    status: base?.status ?? 'draft',
    publishedAt: base?.publishedAt ?? null,
    updatedAt: new Date().toISOString(),
  };
}

/** Moves an item of a list by `delta` places (a new list; unchanged when out of range). */
export function move<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item as T);
  return out;
}

/** Total points of the questions (the default maximum mark). */
export const totalPoints = (qs: readonly Pick<Question, 'points'>[]): number => qs.reduce((s, q) => s + (Number.isFinite(q.points) ? q.points : 0), 0);
