/** A student's own work on an assignment the tablet no longer has: the reason, and what they wrote. */
import type { WorkRow } from '../../db/schema.ts';
import { BackLink } from '../common/back-link.tsx';
import { useFocusOnMount } from '../common/use-focus-on-mount.ts';
import { serverErrorText, t } from '../../i18n/i18n.ts';
import { tp } from '../../i18n/work-messages.ts'; // this screen's French words (and plurals) travel with it

export function WithdrawnWork({ work }: { work: WorkRow }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const attachments = work.answers.reduce((n, a) => n + (a.attachmentIds?.length ?? 0), 0);
  return (
    <article aria-labelledby="withdrawn-title">
      <BackLink />
      <h1 id="withdrawn-title" tabIndex={-1} ref={heading}>
        {t('withdrawn.title')}
      </h1>
      <div class="notice warn" role="alert">
        <p>{work.needsAttentionCode ? serverErrorText(work.needsAttentionCode, work.needsAttentionParams) : t('withdrawn.text')}</p>
      </div>
      <section class="card" aria-labelledby="withdrawn-answers">
        <h2 id="withdrawn-answers">{t('withdrawn.answers')}</h2>
        {work.answers
          .filter((a) => a.text?.trim())
          .map((a) => (
            <blockquote key={a.questionId}>{a.text}</blockquote>
          ))}
        {attachments > 0 && <p>{tp('withdrawn.attachments', { count: attachments })}</p>}
      </section>
    </article>
  );
}
