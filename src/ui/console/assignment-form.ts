/**
 * The assignment editor's state and its conversion to the API's request. The form keeps
 * strings (what the inputs hold); `formToRequest` checks them and builds a request the
 * server's schema accepts (choices only on choice questions, durations only on audio).
 * Pure: tested in tests/unit/console/assignment-form.test.ts.
 */
import type { Assignment, Question, QuestionKind } from '../../protocol/entities.ts';
import type { CreateAssignmentRequest } from '../../protocol/console.ts';
import type { ConsoleMessageKey } from '../../i18n/console-fr.ts';

export interface ChoiceForm { id: string; label: string }
export interface QuestionForm {
  id: string;
  kind: QuestionKind;
  prompt: string;
  points: string;
  choices: ChoiceForm[];
  multiple: boolean;
  maxDurationSec: string;
}
export interface AssignmentForm {
  title: string;
  instructionsMarkdown: string;
  /** `<input type="datetime-local">` value (local time), or ''. */
  dueLocal: string;
  /** The subject as typed; '' means the class's. */
  subject: string;
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
  };
}

export const emptyForm = (): AssignmentForm => ({ title: '', instructionsMarkdown: '', dueLocal: '', subject: '', questions: [newQuestion('text')] });

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
    questions: a.questions.map((q) => ({
      id: q.id, kind: q.kind, prompt: q.prompt, points: String(q.points),
      choices: q.choices ? q.choices.map((c) => ({ ...c })) : [],
      multiple: q.multiple ?? false,
      maxDurationSec: String(q.maxDurationSec ?? 120),
    })),
  };
}

/** One question of the form as the protocol's Question (no validation). */
export function questionFromForm(q: QuestionForm): Question {
  const out: Question = { id: q.id, kind: q.kind, prompt: q.prompt.trim(), points: Number(q.points) };
  if (q.kind === 'choice') {
    out.choices = q.choices.map((c) => ({ id: c.id, label: c.label.trim() }));
    out.multiple = q.multiple;
  }
  if (q.kind === 'audio') out.maxDurationSec = Number(q.maxDurationSec);
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
      questions: f.questions.map(questionFromForm),
    },
  };
}

/** The assignment the preview shows for the form as it is now (unsaved edits included). */
export function previewAssignment(f: AssignmentForm, base: Pick<Assignment, 'id' | 'classId' | 'groupId' | 'version' | 'status' | 'publishedAt'> | null): Assignment {
  return {
    id: base?.id ?? 'preview',
    classId: base?.classId ?? 'preview',
    groupId: base?.groupId ?? null,
    title: f.title || '…',
    instructionsMarkdown: f.instructionsMarkdown,
    dueAt: localInputToIso(f.dueLocal),
    subject: f.subject.trim() || null,
    questions: f.questions.map(questionFromForm),
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
