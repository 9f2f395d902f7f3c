/**
 * The one place the console mounts the tablet's assignment components (STUDENT-UI's
 * AssignmentView) — with their in-memory preview controller, so the preview never reaches
 * the tablet's database or the sync: no answer typed here becomes a submission.
 * Laid out as the tablet lays out the pupil's assignment screen (assignment-screen.tsx and
 * the shell of app.tsx): the blue header with the pupil's name, the page margins of <main>,
 * the title, due date and status, the question area, « Rendre », and the bar at the bottom —
 * which here says that nothing is sent. Rendered inside a TabletFrame, with the tablet's CSS.
 */
import { useState } from 'preact/hooks';
import type { Assignment } from '../../protocol/entities.ts';
import { AssignmentView } from '../assignment/assignment-view.tsx';
import type { MediaResolver } from '../assignment/assignment-media.tsx';
import { usePreviewController } from '../assignment/preview-controller.ts';
import { unansweredCount } from '../assignment/answer-controller.ts';
import { formatDate, t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // the work screens' French words (status, « Rendre »)

/** The console's words shown inside the frame (the console's i18n context does not reach it). */
export interface TabletAssignmentWords {
  /** Who is « signed in » in the header, e.g. « Connecté·e : Élève (aperçu) ». */
  who: string;
  /** The bottom bar, where the tablet shows its sync state. */
  bar: string;
  /** Told when « Rendre » is pressed. */
  notSent: string;
  /** Where the tablet's « ← Retour » is: here it closes the preview. */
  close: string;
}

/**
 * What the preview adds to the tablet's stylesheet: its header holds no 48 px button (no pupil
 * to switch, no language menu), so it is given the tablet header's height — everything below
 * then sits at the very same offsets as on the tablet, to the sub-pixel.
 */
export const PREVIEW_CSS = '.app-header.preview-header { min-height: 64px; }';

/** `mediaResolver`: loads the teacher's `/media/…` with the console's token (an <img src> cannot send it). */
export function TabletAssignment(props: { assignment: Assignment; words: TabletAssignmentWords; onClose(): void; mediaResolver?: MediaResolver }) {
  const { answers, attachments, controller } = usePreviewController();
  const [handedIn, setHandedIn] = useState(false);
  const a = props.assignment;
  // The same « À faire » / « Brouillon » the tablet shows: a draft once one question has an answer.
  const started = unansweredCount(a.questions.map((q) => q.id), answers) < a.questions.length;
  return (
    <>
      <header class="app-header preview-header">
        <span class="brand">{t('app.title')}</span>
        <span class="who">{props.words.who}</span>
      </header>
      <main id="main">
        <article aria-labelledby="cc-preview-assignment-title">
          <button type="button" class="button" onClick={props.onClose}>
            ← {props.words.close}
          </button>
          <h1 id="cc-preview-assignment-title">{a.title}</h1>
          <p class="muted">{a.dueAt ? t('home.due', { date: formatDate(a.dueAt, true) }) : t('home.noDue')}</p>
          <p>
            <span class="badge state">{started ? t('status.draft') : t('status.todo')}</span>
          </p>
          <AssignmentView assignment={a} answers={answers} attachments={attachments} controller={controller} readOnly={false} feedback={null} mediaResolver={props.mediaResolver} />
          <div class="submit-row">
            <button type="button" class="primary" onClick={() => setHandedIn(true)}>
              {t('assignment.submit')}
            </button>
            {handedIn && (
              <p class="notice info" role="status">
                {props.words.notSent}
              </p>
            )}
          </div>
        </article>
      </main>
      <div class="sync-bar" role="note">
        <span class="sync-text">{props.words.bar}</span>
      </div>
    </>
  );
}
