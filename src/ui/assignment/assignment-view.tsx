/**
 * The question area of an assignment, reusable: the student's screen passes a controller
 * that saves on the tablet; the teacher console's "preview as a student" passes the
 * in-memory one (preview-controller.ts). It shows the instructions, each question of any
 * kind, the save state (aria-live) and, when given, the teacher's feedback per question.
 */
import { useState } from 'preact/hooks';
import type { Answer, Assignment, Feedback, Question } from '../../protocol/entities.ts';
import { answerFor, type AnswerController, type AttachmentView, type SaveFailureCode, type SaveOutcome } from './answer-controller.ts';
import { MarkdownView } from '../markdown/markdown-view.tsx';
import { TextQuestion } from './text-question.tsx';
import { ChoiceQuestion } from './choice-question.tsx';
import { PhotoQuestion } from './photo-question.tsx';
import { AudioQuestion } from './audio-question.tsx';
import { FeedbackForQuestion } from './feedback-view.tsx';
import { t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

export interface AssignmentViewProps {
  assignment: Assignment;
  answers: readonly Answer[];
  attachments: readonly AttachmentView[];
  controller: AnswerController;
  readOnly: boolean;
  feedback?: Feedback | null;
}

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; code: SaveFailureCode };

export function AssignmentView({ assignment, answers, attachments, controller, readOnly, feedback }: AssignmentViewProps) {
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const track = async (op: Promise<SaveOutcome>) => {
    setSave({ kind: 'saving' });
    const r = await op.catch((err: unknown): SaveOutcome => {
      console.error('[assignment] save failed', err);
      return { ok: false, code: 'unexpected' };
    });
    setSave(r.ok ? { kind: 'saved' } : { kind: 'failed', code: r.code });
    return r;
  };
  const total = assignment.questions.length;

  return (
    <div>
      {assignment.instructionsMarkdown.trim() && (
        <section class="card" aria-labelledby="instructions-title">
          <h2 id="instructions-title">{t('assignment.instructions')}</h2>
          <MarkdownView markdown={assignment.instructionsMarkdown} />
        </section>
      )}
      <p class={save.kind === 'failed' ? 'notice error' : readOnly ? 'visually-hidden' : 'save-state'} role="status" aria-live="polite">
        {save.kind === 'saving'
          ? t('assignment.saving')
          : save.kind === 'saved'
            ? t('assignment.saved')
            : save.kind === 'failed'
              ? t(`save.${save.code}`)
              : ''}
      </p>
      {assignment.questions.map((q, i) => (
        <QuestionBlock
          key={q.id}
          question={q}
          n={i + 1}
          total={total}
          answer={answerFor(answers, q.id)}
          attachments={attachments.filter((a) => a.questionId === q.id && (answerFor(answers, q.id).attachmentIds ?? []).includes(a.id))}
          readOnly={readOnly}
          controller={controller}
          track={track}
          feedback={feedback ?? null}
        />
      ))}
    </div>
  );
}

interface QuestionBlockProps {
  question: Question;
  n: number;
  total: number;
  answer: Answer;
  attachments: AttachmentView[];
  readOnly: boolean;
  controller: AnswerController;
  track(op: Promise<SaveOutcome>): Promise<SaveOutcome>;
  feedback: Feedback | null;
}

function QuestionBlock({ question: q, n, total, answer, attachments, readOnly, controller, track, feedback }: QuestionBlockProps) {
  const titleId = `q-${q.id}-title`;
  const onSave = (a: Answer) => track(controller.saveAnswer(a));
  const onAdd = (blob: Blob) => track(controller.addAttachment(q.id, q.kind === 'audio' ? 'audio' : 'photo', blob));
  const onRemove = (id: string) => track(controller.removeAttachment(q.id, id));
  const onReplace = (id: string, blob: Blob) => track(controller.replaceAttachment(q.id, id, q.kind === 'audio' ? 'audio' : 'photo', blob));
  return (
    <section class="question" aria-labelledby={titleId}>
      <h2 id={titleId}>
        <span class="visually-hidden">{t('assignment.question', { n, total })} : </span>
        {n}. {q.prompt}
      </h2>
      {q.points > 0 && <p class="muted">{t('assignment.points', { points: q.points })}</p>}
      {q.kind === 'text' && <TextQuestion question={q} answer={answer} readOnly={readOnly} onSave={onSave} />}
      {q.kind === 'choice' && <ChoiceQuestion question={q} answer={answer} readOnly={readOnly} onSave={onSave} />}
      {q.kind === 'photo' && <PhotoQuestion question={q} photos={attachments} readOnly={readOnly} onAdd={onAdd} onRemove={onRemove} onReplace={onReplace} />}
      {q.kind === 'audio' && <AudioQuestion question={q} recordings={attachments} readOnly={readOnly} onAdd={onAdd} onRemove={onRemove} onReplace={onReplace} />}
      {feedback && <FeedbackForQuestion feedback={feedback} question={q} />}
    </section>
  );
}
