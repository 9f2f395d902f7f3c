/**
 * The one place the console mounts the tablet's assignment components (STUDENT-UI's
 * AssignmentView) — with their in-memory preview controller, so the preview never reaches
 * the tablet's database or the sync: no answer typed here becomes a submission.
 * Laid out like the student's assignment screen (title, due date, question area).
 */
import type { Assignment } from '../../protocol/entities.ts';
import { AssignmentView } from '../assignment/assignment-view.tsx';
import { usePreviewController } from '../assignment/preview-controller.ts';
import { formatDate, t } from '../../i18n/i18n.ts';

export function TabletAssignment(props: { assignment: Assignment }) {
  const { answers, attachments, controller } = usePreviewController();
  const a = props.assignment;
  return (
    <article class="cc-tablet-screen" aria-labelledby="cc-preview-assignment-title">
      <h1 id="cc-preview-assignment-title">{a.title}</h1>
      <p class="muted">{a.dueAt ? t('home.due', { date: formatDate(a.dueAt, true) }) : t('home.noDue')}</p>
      <div data-question-area="preview">
        <AssignmentView assignment={a} answers={answers} attachments={attachments} controller={controller} readOnly={false} feedback={null} />
      </div>
    </article>
  );
}
