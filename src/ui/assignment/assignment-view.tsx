/**
 * The question area of an assignment, reusable: the student's screen passes a controller
 * that saves on the tablet; the teacher console's "preview as a student" passes the
 * in-memory one (preview-controller.ts). It shows the instructions, each question of any
 * kind, the save state (aria-live) and, when given, the teacher's feedback per question;
 * the teacher's images and sounds under the instructions and under their question.
 */
import { useState } from 'preact/hooks';
import type { Answer, Assignment, Feedback, MediaRef, Question } from '../../protocol/entities.ts';
import { answerFor, type AnswerController, type AttachmentView, type SaveFailureCode, type SaveOutcome } from './answer-controller.ts';
import { MarkdownView } from '../markdown/markdown-view.tsx';
import { TextQuestion } from './text-question.tsx';
import { ChoiceQuestion } from './choice-question.tsx';
import { PhotoQuestion } from './photo-question.tsx';
import { AudioQuestion } from './audio-question.tsx';
import { FeedbackForQuestion } from './feedback-view.tsx';
import { AssignmentMedia, type MediaResolver } from './assignment-media.tsx';
import { AutoResult, BlanksQuestion, MatchingQuestion, NumericQuestion, ShortQuestion, TrueFalseQuestion } from './auto-questions.tsx';
import { t } from '../../i18n/i18n.ts';
import { tp } from '../../i18n/work-messages.ts'; // this screen's French words (and plurals) travel with it

export interface AssignmentViewProps {
  assignment: Assignment;
  answers: readonly Answer[];
  attachments: readonly AttachmentView[];
  controller: AnswerController;
  readOnly: boolean;
  feedback?: Feedback | null;
  /** How the teacher's media URLs are loaded (the console's preview); absent: as they are (the tablet's service worker). */
  mediaResolver?: MediaResolver;
}

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; code: SaveFailureCode };

export function AssignmentView({ assignment, answers, attachments, controller, readOnly, feedback, mediaResolver }: AssignmentViewProps) {
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
  const media = assignment.media ?? [];
  const instructionMedia = media.filter((m) => !m.questionId);

  return (
    <div data-question-area>
      {(assignment.instructionsMarkdown.trim() || instructionMedia.length > 0) && (
        <section class="card" aria-labelledby="instructions-title">
          <h2 id="instructions-title">{t('assignment.instructions')}</h2>
          <MarkdownView markdown={assignment.instructionsMarkdown} />
          <AssignmentMedia media={instructionMedia} resolve={mediaResolver} />
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
          media={media.filter((m) => m.questionId === q.id)}
          mediaResolver={mediaResolver}
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
  media: MediaRef[];
  mediaResolver: MediaResolver | undefined;
}

function QuestionBlock({ question: q, n, total, answer, attachments, readOnly, controller, track, feedback, media, mediaResolver }: QuestionBlockProps) {
  const titleId = `q-${q.id}-title`;
  const onSave = (a: Answer) => track(controller.saveAnswer(a));
  const onAdd = (blob: Blob) => track(controller.addAttachment(q.id, q.kind === 'audio' ? 'audio' : 'photo', blob));
  const onRemove = (id: string) => track(controller.removeAttachment(q.id, id));
  const onReplace = (id: string, blob: Blob) => track(controller.replaceAttachment(q.id, id, q.kind === 'audio' ? 'audio' : 'photo', blob));
  return (
    <section class="question" aria-labelledby={titleId}>
      <h2 id={titleId}>
        <span class="visually-hidden">{t('assignment.question', { n, total })}&nbsp;: </span>
        {n}. {q.kind === 'blanks' ? q.prompt.split('[...]').join('…') : q.prompt}
      </h2>
      {q.points > 0 && <p class="muted">{tp('assignment.points', { points: q.points })}</p>}
      <AssignmentMedia media={media} resolve={mediaResolver} />
      {q.kind === 'text' && <TextQuestion question={q} answer={answer} readOnly={readOnly} onSave={onSave} />}
      {q.kind === 'choice' && <ChoiceQuestion question={q} answer={answer} readOnly={readOnly} onSave={onSave} />}
      {q.kind === 'photo' && <PhotoQuestion question={q} photos={attachments} readOnly={readOnly} onAdd={onAdd} onRemove={onRemove} onReplace={onReplace} annotations={feedback?.annotations} />}
      {q.kind === 'audio' && <AudioQuestion question={q} recordings={attachments} readOnly={readOnly} onAdd={onAdd} onRemove={onRemove} onReplace={onReplace} />}
      {q.kind === 'truefalse' && <TrueFalseQuestion question={q} answer={answer} readOnly={readOnly} onSave={onSave} />}
      {q.kind === 'numeric' && <NumericQuestion question={q} answer={answer} readOnly={readOnly} onSave={onSave} />}
      {q.kind === 'short' && <ShortQuestion question={q} answer={answer} readOnly={readOnly} onSave={onSave} />}
      {q.kind === 'blanks' && <BlanksQuestion question={q} answer={answer} readOnly={readOnly} onSave={onSave} />}
      {q.kind === 'matching' && <MatchingQuestion question={q} answer={answer} readOnly={readOnly} onSave={onSave} />}
      {readOnly && <AutoResult question={q} answer={answer} answerKey={q.key ?? feedback?.keys?.find((k) => k.questionId === q.id)?.key} />}
      {feedback && <FeedbackForQuestion feedback={feedback} question={q} />}
    </section>
  );
}
