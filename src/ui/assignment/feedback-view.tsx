/** The teacher's correction: overall mark and comment (written, and spoken when recorded), and comment + points per question. */
import type { Feedback, Question } from '../../protocol/entities.ts';
import { t } from '../../i18n/i18n.ts';
import { formatDuration } from '../common/format-duration.ts';
import { tp } from '../../i18n/work-messages.ts'; // this screen's French words (and plurals) travel with it

export function FeedbackSummary({ feedback }: { feedback: Feedback }) {
  return (
    <section class="card feedback" aria-labelledby="feedback-title">
      <h2 id="feedback-title">{t('feedback.title')}</h2>
      {feedback.mark !== null && <p class="mark">{t('feedback.mark', { mark: feedback.mark, max: feedback.maxMark })}</p>}
      <h3>{t('feedback.comment')}</h3>
      {(feedback.comment.trim() || !feedback.audio) && <p>{feedback.comment.trim() || t('feedback.none')}</p>}
      {feedback.audio && <SpokenComment audio={feedback.audio} />}
    </section>
  );
}

/**
 * The teacher's spoken comment. Its URL is under /media/: the sync worker cached it after the
 * pull that brought the correction, and the service worker plays it from there, offline too.
 */
function SpokenComment({ audio }: { audio: NonNullable<Feedback['audio']> }) {
  return (
    <figure class="feedback-audio">
      <figcaption id={`fa-${audio.id}`}>
        {t('feedback.audio')} <span class="muted">— {t('feedback.audioLength', { duration: formatDuration(audio.durationMs) })}</span>
      </figcaption>
      <audio controls preload="metadata" src={audio.url} aria-labelledby={`fa-${audio.id}`} />
    </figure>
  );
}

export function FeedbackForQuestion({ feedback, question }: { feedback: Feedback; question: Question }) {
  const fb = feedback.perQuestion.find((p) => p.questionId === question.id);
  if (!fb) return null;
  return (
    <div class="feedback">
      <strong>{t('feedback.title')}</strong>
      {fb.points !== null && <p>{tp('feedback.points', { points: fb.points, max: question.points })}</p>}
      {fb.comment.trim() && <p>{fb.comment}</p>}
    </div>
  );
}
