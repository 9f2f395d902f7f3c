/** Free-text answer: saved as the student types (debounced), flushed on blur, unmount and before an update. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Answer, Question } from '../../protocol/entities.ts';
import { beforeUpdate } from '../../pwa/update-state.ts';
import { t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

/** Short enough that an app kill loses at most a few keystrokes; long enough not to write on every one. */
export const TEXT_SAVE_DELAY_MS = 300;

export interface TextQuestionProps {
  question: Question;
  answer: Answer;
  readOnly: boolean;
  onSave(answer: Answer): Promise<unknown>;
}

export function TextQuestion({ question, answer, readOnly, onSave }: TextQuestionProps) {
  // Local text: the stored answer only seeds it, so a late liveQuery never moves the caret.
  const [text, setText] = useState(answer.text ?? '');
  const pending = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const saveRef = useRef(onSave);
  saveRef.current = onSave;
  const base = useRef(answer);
  base.current = answer;

  const flush = async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const value = pending.current;
    if (value === null) return;
    pending.current = null;
    await saveRef.current({ ...base.current, questionId: question.id, text: value });
  };

  useEffect(() => {
    const off = beforeUpdate(flush);
    return () => {
      off();
      void flush();
    };
  }, []);

  const id = `q-${question.id}-text`;
  return (
    <div>
      <label for={id}>{t('assignment.yourAnswer')}</label>
      <textarea
        id={id}
        value={text}
        readOnly={readOnly}
        maxLength={20000}
        onInput={(e) => {
          const v = e.currentTarget.value;
          setText(v);
          pending.current = v;
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => void flush(), TEXT_SAVE_DELAY_MS);
        }}
        onBlur={() => void flush()}
      />
    </div>
  );
}
