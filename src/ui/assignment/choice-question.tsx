/** Multiple choice (one or several answers): large tappable rows, saved on every change. */
import { useEffect, useState } from 'preact/hooks';
import type { Answer, Question } from '../../protocol/entities.ts';
import { t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

export interface ChoiceQuestionProps {
  question: Question;
  answer: Answer;
  readOnly: boolean;
  onSave(answer: Answer): Promise<unknown>;
}

export function ChoiceQuestion({ question, answer, readOnly, onSave }: ChoiceQuestionProps) {
  const multiple = question.multiple === true;
  // The tap shows at once; the stored answer (read back from the tablet's database) takes over when it arrives.
  const stored = (answer.choiceIds ?? []).join(',');
  const [pending, setPending] = useState<string[] | null>(null);
  useEffect(() => setPending(null), [stored]);
  const selected = new Set(pending ?? answer.choiceIds ?? []);
  const toggle = (choiceId: string, checked: boolean) => {
    if (readOnly) return;
    const next = multiple
      ? (question.choices ?? []).map((c) => c.id).filter((id) => (id === choiceId ? checked : selected.has(id)))
      : [choiceId];
    setPending(next);
    void onSave({ ...answer, questionId: question.id, choiceIds: next });
  };
  return (
    <fieldset>
      <legend>{multiple ? t('assignment.chooseMany') : t('assignment.chooseOne')}</legend>
      {(question.choices ?? []).map((c) => {
        const checked = selected.has(c.id);
        return (
          <label key={c.id} class={checked ? 'choice checked' : 'choice'}>
            <input
              type={multiple ? 'checkbox' : 'radio'}
              name={`q-${question.id}`}
              value={c.id}
              checked={checked}
              disabled={readOnly}
              onChange={(e) => toggle(c.id, e.currentTarget.checked)}
            />
            <span>{c.label}</span>
          </label>
        );
      })}
    </fieldset>
  );
}
