/**
 * The right answers of the self-marking questions other than choice (issue 13): true/false,
 * number with tolerance, short answer, blanks, matching pairs — each with the rule it is
 * marked by, said to the teacher in words.
 */
import { newPair, type QuestionForm } from './assignment-form.ts';
import { blankCount } from '../../protocol/auto-marking.ts';
import { useConsoleI18n } from './console-i18n.ts';

export interface AnswerKeyEditorProps {
  question: QuestionForm;
  set(patch: Partial<QuestionForm>): void;
  id(part: string): string;
}

function TextOptions({ question: q, set }: Pick<AnswerKeyEditorProps, 'question' | 'set'>) {
  const { t } = useConsoleI18n();
  return (
    <div class="cc-row">
      <label class="cc-check"><input type="checkbox" checked={q.ignoreCase} onChange={(e) => set({ ignoreCase: e.currentTarget.checked })} />{t('editor.ignoreCase')}</label>
      <label class="cc-check"><input type="checkbox" checked={q.ignoreAccents} onChange={(e) => set({ ignoreAccents: e.currentTarget.checked })} />{t('editor.ignoreAccents')}</label>
    </div>
  );
}

export function AnswerKeyEditor({ question: q, set, id }: AnswerKeyEditorProps) {
  const { t } = useConsoleI18n();
  switch (q.kind) {
    case 'truefalse':
      return (
        <fieldset class="cc-choices">
          <legend>{t('editor.truth')}</legend>
          <div class="cc-row">
            {(['true', 'false'] as const).map((v) => (
              <label key={v} class="cc-check">
                <input type="radio" name={id('truth')} checked={q.truth === v} onChange={() => set({ truth: v })} />
                {t(v === 'true' ? 'editor.true' : 'editor.false')}
              </label>
            ))}
          </div>
        </fieldset>
      );
    case 'numeric':
      return (
        <div>
          <div class="cc-row">
            <div class="cc-field cc-field-small">
              <label for={id('value')}>{t('editor.value')}</label>
              <input id={id('value')} inputMode="decimal" value={q.numValue} onInput={(e) => set({ numValue: e.currentTarget.value })} />
            </div>
            <div class="cc-field cc-field-small">
              <label for={id('tol')}>{t('editor.tolerance')}</label>
              <input id={id('tol')} inputMode="decimal" value={q.numTolerance} onInput={(e) => set({ numTolerance: e.currentTarget.value })} />
            </div>
          </div>
          <p class="cc-hint">{t('editor.numericRule')}</p>
        </div>
      );
    case 'short':
      return (
        <div>
          <div class="cc-field">
            <label for={id('accepted')}>{t('editor.accepted')}</label>
            <textarea id={id('accepted')} rows={2} value={q.accepted} onInput={(e) => set({ accepted: e.currentTarget.value })} />
          </div>
          <TextOptions question={q} set={set} />
        </div>
      );
    case 'blanks': {
      const n = blankCount(q.prompt);
      return (
        <div>
          <p class="cc-hint">{t('editor.blanksHelp')}</p>
          {Array.from({ length: n }, (_, i) => (
            <div key={i} class="cc-field">
              <label for={id(`blank${i}`)}>{t('editor.blankN', { n: i + 1 })}</label>
              <input id={id(`blank${i}`)} value={q.blankAnswers[i] ?? ''}
                onInput={(e) => { const next = Array.from({ length: n }, (_, j) => q.blankAnswers[j] ?? ''); next[i] = e.currentTarget.value; set({ blankAnswers: next }); }} />
            </div>
          ))}
          <TextOptions question={q} set={set} />
          <p class="cc-hint">{t('editor.blanksRule')}</p>
        </div>
      );
    }
    case 'matching':
      return (
        <fieldset class="cc-choices">
          <legend>{t('editor.pairs')}</legend>
          <ol>
            {q.pairs.map((p, i) => {
              const patch = (x: Partial<typeof p>) => set({ pairs: q.pairs.map((y) => (y.leftId === p.leftId ? { ...y, ...x } : y)) });
              return (
                <li key={p.leftId} class="cc-row">
                  <label class="cc-visually-hidden" for={id(`l${p.leftId}`)}>{t('editor.pairLeft', { n: i + 1 })}</label>
                  <input id={id(`l${p.leftId}`)} value={p.left} placeholder={t('editor.pairLeft', { n: i + 1 })} onInput={(e) => patch({ left: e.currentTarget.value })} />
                  <span aria-hidden="true">↔</span>
                  <label class="cc-visually-hidden" for={id(`r${p.leftId}`)}>{`${t('editor.pairRight')} (${i + 1})`}</label>
                  <input id={id(`r${p.leftId}`)} value={p.right} placeholder={t('editor.pairRight')} onInput={(e) => patch({ right: e.currentTarget.value })} />
                  <button type="button" class="cc-icon-button" aria-label={t('editor.removePair', { n: i + 1 })} disabled={q.pairs.length <= 2}
                    onClick={() => set({ pairs: q.pairs.filter((x) => x.leftId !== p.leftId) })}>✕</button>
                </li>
              );
            })}
          </ol>
          <button type="button" disabled={q.pairs.length >= 20} onClick={() => set({ pairs: [...q.pairs, newPair()] })}>{t('editor.addPair')}</button>
          <p class="cc-hint">{t('editor.matchingRule')}</p>
        </fieldset>
      );
    default:
      return null;
  }
}
