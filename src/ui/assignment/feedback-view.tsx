/** The teacher's correction: overall mark and comment, and comment + points per question. */
import type { Feedback, Question } from '../../protocol/entities.ts';
import { t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

export function FeedbackSummary({ feedback }: { feedback: Feedback }) {
  return (
    <section class="card feedback" aria-labelledby="feedback-title">
      <h2 id="feedback-title">{t('feedback.title')}</h2>
      {feedback.mark !== null && <p class="mark">{t('feedback.mark', { mark: feedback.mark, max: feedback.maxMark })}</p>}
      <h3>{t('feedback.comment')}</h3>
      <p>{feedback.comment.trim() || t('feedback.none')}</p>
    </section>
  );
}

export function FeedbackForQuestion({ feedback, question }: { feedback: Feedback; question: Question }) {
  const fb = feedback.perQuestion.find((p) => p.questionId === question.id);
  if (!fb) return null;
  return (
    <div class="feedback">
      <strong>{t('feedback.title')}</strong>
      {fb.points !== null && <p>{t('feedback.points', { points: fb.points, max: question.points })}</p>}
      {fb.comment.trim() && <p>{fb.comment}</p>}
    </div>
  );
}
