/**
 * The questions that mark themselves (issue 13) on the tablet: true/false, a number, a short
 * answer, fill in the blanks, matching pairs — large targets (≥ 44 px), native controls (keyboard
 * and screen reader as usual), saved as the pupil types (debounced, flushed on blur and unmount).
 * `AutoResult` shows the automatic result once the work is handed in, when the key is on the
 * tablet (policy « résultat immédiat », or the returned copy's feedback): computed here, offline,
 * by the same functions as the server (src/protocol/auto-marking.ts).
 * Part of the assignment screen's lazy chunk, never of the first screen.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Answer, AnswerKey, Question } from '../../protocol/entities.ts';
import { BLANK, formatScore, markQuestion } from '../../protocol/auto-marking.ts';
import { getLang, t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

export interface AutoQuestionProps {
  question: Question;
  answer: Answer;
  readOnly: boolean;
  onSave(answer: Answer): Promise<unknown>;
}

const SAVE_DELAY_MS = 300;

/** Local value seeded by the stored answer; saved after a pause in typing, on blur and when leaving. */
function useDraft<T>(initial: T, save: (value: T) => Promise<unknown>) {
  const [value, setValue] = useState(initial);
  const pending = useRef<{ v: T } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const saveRef = useRef(save);
  saveRef.current = save;
  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const p = pending.current;
    pending.current = null;
    if (p) void saveRef.current(p.v);
  };
  useEffect(() => () => flush(), []);
  const change = (v: T) => {
    setValue(v);
    pending.current = { v };
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(flush, SAVE_DELAY_MS);
  };
  return { value, change, flush };
}

export function TrueFalseQuestion({ question, answer, readOnly, onSave }: AutoQuestionProps) {
  const [pending, setPending] = useState<string | null>(null);
  useEffect(() => setPending(null), [answer.text]);
  const selected = pending ?? answer.text;
  return (
    <fieldset>
      <legend>{t('auto.trueOrFalse')}</legend>
      <div class="auto-row">
        {(['true', 'false'] as const).map((v) => (
          <label key={v} class={selected === v ? 'choice checked' : 'choice'}>
            <input
              type="radio" name={`q-${question.id}`} value={v} checked={selected === v} disabled={readOnly}
              onChange={() => { setPending(v); void onSave({ ...answer, questionId: question.id, text: v }); }}
            />
            <span>{t(v === 'true' ? 'auto.true' : 'auto.false')}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function NumericQuestion({ question, answer, readOnly, onSave }: AutoQuestionProps) {
  const d = useDraft(answer.text ?? '', (text) => onSave({ ...answer, questionId: question.id, text }));
  const id = `q-${question.id}-number`;
  return (
    <div class="auto-field">
      <label for={id}>{t('auto.number')}</label>
      <input id={id} class="auto-input" type="text" inputMode="decimal" autoComplete="off" value={d.value} readOnly={readOnly}
        aria-describedby={`${id}-hint`} onInput={(e) => d.change(e.currentTarget.value)} onBlur={d.flush} />
      <p id={`${id}-hint`} class="muted">{t('auto.numberHint')}</p>
    </div>
  );
}

export function ShortQuestion({ question, answer, readOnly, onSave }: AutoQuestionProps) {
  const d = useDraft(answer.text ?? '', (text) => onSave({ ...answer, questionId: question.id, text }));
  const id = `q-${question.id}-short`;
  return (
    <div class="auto-field">
      <label for={id}>{t('assignment.yourAnswer')}</label>
      <input id={id} class="auto-input" type="text" autoComplete="off" value={d.value} readOnly={readOnly} maxLength={500}
        onInput={(e) => d.change(e.currentTarget.value)} onBlur={d.flush} />
    </div>
  );
}

/** The prompt's text with an input in place of each « [...] ». */
export function BlanksQuestion({ question, answer, readOnly, onSave }: AutoQuestionProps) {
  const parts = question.prompt.split(BLANK);
  const d = useDraft<string[]>(answer.texts ?? [], (texts) => onSave({ ...answer, questionId: question.id, texts }));
  const set = (i: number, v: string) => {
    const next = Array.from({ length: parts.length - 1 }, (_, j) => d.value[j] ?? '');
    next[i] = v;
    d.change(next);
  };
  return (
    <p class="auto-blanks">
      {parts.map((text, i) => (
        <span key={i}>
          {text}
          {i < parts.length - 1 && (
            <input class="auto-input auto-blank" type="text" autoComplete="off" value={d.value[i] ?? ''} readOnly={readOnly} maxLength={200}
              aria-label={t('auto.blankN', { n: i + 1 })} onInput={(e) => set(i, e.currentTarget.value)} onBlur={d.flush} />
          )}
        </span>
      ))}
    </p>
  );
}

/** One native list per left item: keyboard and screen reader friendly, no dragging. */
export function MatchingQuestion({ question, answer, readOnly, onSave }: AutoQuestionProps) {
  const [pairs, setPairs] = useState(answer.pairs ?? []);
  // The right column in alphabetical order: the order the teacher wrote the pairs in would give them away.
  const right = [...(question.choices ?? [])].sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  const choose = (left: string, right: string) => {
    const next = [...pairs.filter((p) => p.left !== left), ...(right ? [{ left, right }] : [])];
    setPairs(next);
    void onSave({ ...answer, questionId: question.id, pairs: next });
  };
  return (
    <div class="auto-matching">
      {(question.left ?? []).map((l) => {
        const id = `q-${question.id}-m-${l.id}`;
        return (
          <div key={l.id} class="auto-pair">
            <label for={id}>{l.label}</label>
            <select id={id} class="auto-input" disabled={readOnly} value={pairs.find((p) => p.left === l.id)?.right ?? ''} onChange={(e) => choose(l.id, e.currentTarget.value)}>
              <option value="">{t('auto.matchChoose')}</option>
              {right.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
            </select>
          </div>
        );
      })}
    </div>
  );
}

/** « Bonne réponse ! », « Presque : 1 sur 2 » or « Pas cette fois », with the points. Nothing without a key. */
export function AutoResult({ question, answer, answerKey }: { question: Question; answer: Answer; answerKey: AnswerKey | undefined }) {
  if (!answerKey) return null;
  const m = markQuestion({ ...question, key: answerKey }, answer);
  if (!m) return null;
  const full = m.points >= m.max && m.max > 0;
  const words = full ? t('auto.right') : m.right > 0 ? t('auto.almost', { right: m.right, of: m.of }) : t('auto.wrong');
  return (
    <p class={full ? 'auto-result auto-right' : 'auto-result'}>
      <strong>{words}</strong> — <span>{formatScore(m.points, m.max, getLang() === 'en' ? 'en' : 'fr')}</span>
    </p>
  );
}
