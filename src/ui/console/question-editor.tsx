/** Edits one question of an assignment: type, prompt, points, and the choices or the recording length; `media` is its images and sounds (assignment-media-editor.tsx). */
import type { ComponentChildren } from 'preact';
import type { QuestionKind } from '../../protocol/entities.ts';
import { newId, newPair, type QuestionForm } from './assignment-form.ts';
import { AnswerKeyEditor } from './answer-key-editor.tsx';
import { useConsoleI18n } from './console-i18n.ts';
import { isSizedKind, PAPER_DEFAULT_MM, PAPER_FRAME_MAX_MM, PAPER_FRAME_MIN_MM } from '../../protocol/paper-defaults.ts';

const KINDS: QuestionKind[] = ['text', 'choice', 'truefalse', 'numeric', 'short', 'blanks', 'matching', 'photo', 'audio'];

export interface QuestionEditorProps {
  question: QuestionForm;
  index: number;
  count: number;
  onChange: (q: QuestionForm) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
  /** The question's images and sounds, under its prompt. */
  media?: ComponentChildren;
}

export function QuestionEditor(props: QuestionEditorProps) {
  const { t } = useConsoleI18n();
  const { question: q, index } = props;
  const n = index + 1;
  const id = (part: string) => `qe-${q.id}-${part}`;
  const set = (patch: Partial<QuestionForm>) => props.onChange({ ...q, ...patch });
  const setKind = (kind: QuestionKind) =>
    set({
      kind, choices: kind === 'choice' && q.choices.length < 2 ? [...q.choices, { id: newId(), label: '' }, { id: newId(), label: '' }].slice(0, Math.max(2, q.choices.length)) : q.choices,
      pairs: kind === 'matching' && q.pairs.length < 2 ? [...q.pairs, newPair(), newPair()].slice(0, 2) : q.pairs,
    });

  return (
    <fieldset class="cc-question" aria-labelledby={id('legend')}>
      <legend id={id('legend')}>{t('editor.questionN', { n })}</legend>
      <div class="cc-row">
        <div class="cc-field">
          <label for={id('kind')}>{t('editor.kind')}</label>
          <select id={id('kind')} value={q.kind} onChange={(e) => setKind(e.currentTarget.value as QuestionKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>{t(`editor.kind.${k}`)}</option>
            ))}
          </select>
        </div>
        <div class="cc-field cc-field-small">
          <label for={id('points')}>{t('editor.points')}</label>
          <input id={id('points')} type="number" min={0} max={100} step={0.5} inputMode="decimal" value={q.points} onInput={(e) => set({ points: e.currentTarget.value })} />
        </div>
      </div>
      <div class="cc-field">
        <label for={id('prompt')}>{t('editor.prompt', { n })}</label>
        <textarea id={id('prompt')} rows={2} value={q.prompt} onInput={(e) => set({ prompt: e.currentTarget.value })} />
      </div>
      {props.media}
      {q.kind === 'choice' && (
        <fieldset class="cc-choices">
          <legend>{t('editor.choices')}</legend>
          <ol>
            {q.choices.map((c, ci) => (
              <li key={c.id} class="cc-row">
                <label class="cc-check cc-right" title={t('editor.rightChoice')}>
                  <input type={q.multiple ? 'checkbox' : 'radio'} name={id('right')} checked={q.rightChoiceIds.includes(c.id)} aria-label={t('editor.rightChoiceN', { n: ci + 1 })}
                    onChange={(e) => set({ rightChoiceIds: q.multiple ? (e.currentTarget.checked ? [...q.rightChoiceIds, c.id] : q.rightChoiceIds.filter((x) => x !== c.id)) : [c.id] })} />
                  <span aria-hidden="true">✓</span>
                </label>
                <label class="cc-visually-hidden" for={id(`c${c.id}`)}>{t('editor.choice', { n: ci + 1 })}</label>
                <input id={id(`c${c.id}`)} value={c.label} placeholder={t('editor.choice', { n: ci + 1 })}
                  onInput={(e) => set({ choices: q.choices.map((x) => (x.id === c.id ? { ...x, label: e.currentTarget.value } : x)) })} />
                <button type="button" class="cc-icon-button" aria-label={t('editor.removeChoice', { n: ci + 1 })} disabled={q.choices.length <= 2}
                  onClick={() => set({ choices: q.choices.filter((x) => x.id !== c.id) })}>✕</button>
              </li>
            ))}
          </ol>
          <button type="button" disabled={q.choices.length >= 20} onClick={() => set({ choices: [...q.choices, { id: newId(), label: '' }] })}>
            {t('editor.addChoice')}
          </button>
          <label class="cc-check">
            <input type="checkbox" checked={q.multiple} onChange={(e) => set({ multiple: e.currentTarget.checked })} />
            {t('editor.multiple')}
          </label>
          <p class="cc-hint">{q.rightChoiceIds.length === 0 ? t('editor.handMarked') : q.multiple ? t('editor.partialRule') : ''}</p>
        </fieldset>
      )}
      <AnswerKeyEditor question={q} set={set} id={id} />
      {q.kind === 'audio' && (
        <div class="cc-field cc-field-small">
          <label for={id('dur')}>{t('editor.maxDuration')}</label>
          <input id={id('dur')} type="number" min={10} max={600} step={10} value={q.maxDurationSec} onInput={(e) => set({ maxDurationSec: e.currentTarget.value })} />
        </div>
      )}
      <details class="cc-paper-options" open={Boolean(q.paperPrompt || q.paperFrameMm) || undefined}>
        <summary>{t('editor.paper')}</summary>
        <div class="cc-field">
          <label for={id('paper')}>{t('editor.paperPrompt', { n })}</label>
          <textarea id={id('paper')} rows={2} value={q.paperPrompt} aria-describedby={id('paper-hint')} onInput={(e) => set({ paperPrompt: e.currentTarget.value })} />
          <p id={id('paper-hint')} class="cc-hint">{t('editor.paperPromptHint')}</p>
        </div>
        {isSizedKind(q.kind) && (
          <div class="cc-field cc-field-small">
            <label for={id('frame')}>{t('editor.paperFrame')}</label>
            <input id={id('frame')} type="number" min={PAPER_FRAME_MIN_MM} max={PAPER_FRAME_MAX_MM} step={5} inputMode="numeric" value={q.paperFrameMm}
              placeholder={String(PAPER_DEFAULT_MM[q.kind])} aria-describedby={id('frame-hint')} onInput={(e) => set({ paperFrameMm: e.currentTarget.value })} />
            <p id={id('frame-hint')} class="cc-hint">{t('editor.paperFrameHint', { mm: PAPER_DEFAULT_MM[q.kind] })}</p>
          </div>
        )}
      </details>
      <div class="cc-actions">
        <button type="button" aria-label={t('editor.moveUp', { n })} disabled={index === 0} onClick={() => props.onMove(-1)}>↑</button>
        <button type="button" aria-label={t('editor.moveDown', { n })} disabled={index === props.count - 1} onClick={() => props.onMove(1)}>↓</button>
        <button type="button" class="cc-danger" aria-label={t('editor.remove', { n })} onClick={props.onRemove}>{t('app.delete')}</button>
      </div>
    </fieldset>
  );
}
