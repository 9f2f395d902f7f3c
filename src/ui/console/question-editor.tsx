/** Edits one question of an assignment: type, prompt, points, and the choices or the recording length. */
import type { QuestionKind } from '../../protocol/entities.ts';
import { newId, type QuestionForm } from './assignment-form.ts';
import { useConsoleI18n } from './console-i18n.ts';

const KINDS: QuestionKind[] = ['text', 'choice', 'photo', 'audio'];

export interface QuestionEditorProps {
  question: QuestionForm;
  index: number;
  count: number;
  onChange: (q: QuestionForm) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}

export function QuestionEditor(props: QuestionEditorProps) {
  const { t } = useConsoleI18n();
  const { question: q, index } = props;
  const n = index + 1;
  const id = (part: string) => `qe-${q.id}-${part}`;
  const set = (patch: Partial<QuestionForm>) => props.onChange({ ...q, ...patch });
  const setKind = (kind: QuestionKind) =>
    set({ kind, choices: kind === 'choice' && q.choices.length < 2 ? [...q.choices, { id: newId(), label: '' }, { id: newId(), label: '' }].slice(0, Math.max(2, q.choices.length)) : q.choices });

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
      {q.kind === 'choice' && (
        <fieldset class="cc-choices">
          <legend>{t('editor.choices')}</legend>
          <ol>
            {q.choices.map((c, ci) => (
              <li key={c.id} class="cc-row">
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
        </fieldset>
      )}
      {q.kind === 'audio' && (
        <div class="cc-field cc-field-small">
          <label for={id('dur')}>{t('editor.maxDuration')}</label>
          <input id={id('dur')} type="number" min={10} max={600} step={10} value={q.maxDurationSec} onInput={(e) => set({ maxDurationSec: e.currentTarget.value })} />
        </div>
      )}
      <div class="cc-actions">
        <button type="button" aria-label={t('editor.moveUp', { n })} disabled={index === 0} onClick={() => props.onMove(-1)}>↑</button>
        <button type="button" aria-label={t('editor.moveDown', { n })} disabled={index === props.count - 1} onClick={() => props.onMove(1)}>↓</button>
        <button type="button" class="cc-danger" aria-label={t('editor.remove', { n })} onClick={props.onRemove}>{t('app.delete')}</button>
      </div>
    </fieldset>
  );
}
