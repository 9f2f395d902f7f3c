/**
 * The teacher's reminder to hand a piece of work in (issue 13), shown once: on the home screen
 * and on the assignment, until the pupil taps « J'ai compris » (closed on this tablet for this
 * pupil: src/db/notice-repository.ts). The message is the teacher's own words, if any.
 */
import type { Reminder } from '../../protocol/entities.ts';
import { onLinkClick } from '../common/router.ts';
import { t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

export interface ReminderBannerProps {
  reminder: Reminder;
  assignmentId: string;
  title: string;
  /** Shows « Ouvrir le devoir » (not on the assignment itself). */
  withLink?: boolean;
  onDismiss(): void;
}

export function ReminderBanner({ reminder, assignmentId, title, withLink, onDismiss }: ReminderBannerProps) {
  const headingId = `reminder-${reminder.id}`;
  return (
    <section class="notice info reminder" aria-labelledby={headingId} data-reminder={reminder.id}>
      <p id={headingId} class="reminder-title">
        {reminder.byName ? t('reminder.title', { name: reminder.byName, title }) : t('reminder.titleNoName', { title })}
      </p>
      {reminder.message.trim() && <blockquote class="teacher-message">{reminder.message}</blockquote>}
      <div class="row">
        {withLink && (
          <a class="button primary" href={`/assignments/${encodeURIComponent(assignmentId)}`} onClick={onLinkClick}>
            {t('reminder.open')}
          </a>
        )}
        <button type="button" onClick={onDismiss}>
          {t('reminder.dismiss')}
        </button>
      </div>
    </section>
  );
}
