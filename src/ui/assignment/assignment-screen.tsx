/**
 * One assignment for the signed-in student: status, the question area (saved as it
 * changes), "Rendre" with a confirmation, and the teacher's feedback once returned.
 * Every read is by (signed-in studentId, assignment id): another student's id in the URL
 * or in the records shows nothing.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import type { CartableDb } from '../../db/schema.ts';
import { workId } from '../../db/work-repository.ts';
import { WithdrawnWork } from './withdrawn-work.tsx';
import { useLiveQuery } from '../common/use-live-query.ts';
import { visibleAssignment, visibleLesson, type StudentScope } from '../common/student-scope.ts';
import { onLinkClick } from '../common/router.ts';
import { NotFoundMessage } from '../common/not-found-message.tsx';
import { BackLink } from '../common/back-link.tsx';
import { useFocusOnMount } from '../common/use-focus-on-mount.ts';
import { AssignmentView } from './assignment-view.tsx';
import { FeedbackSummary } from './feedback-view.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { localAnswerController } from './local-answer-controller.ts';
import { unansweredCount, type AttachmentView, type SaveFailureCode, type SaveOutcome } from './answer-controller.ts';
import { TapShield } from '../common/tap-shield.tsx';
import { reconcileWork, type WorkView } from '../../db/reconcile-work.ts';
import { loadWorkInputs } from '../common/work-inputs.ts';
import { WorkStatusBadge } from '../common/work-status-badge.tsx';
import { notifyLocalChange, requestSync } from '../sync/use-sync-status.ts';
import { ReminderBanner } from '../home/reminder-banner.tsx';
import { dismissNotice, dismissedNoticeIds } from '../../db/notice-repository.ts';
import { formatDate, serverErrorText, t } from '../../i18n/i18n.ts';
import { warmMediaUrls } from '../lesson/warm-lesson-media.ts';
import type { MediaResolver } from './assignment-media.tsx';
import { tp } from '../../i18n/work-messages.ts'; // this screen's French words (and plurals) travel with it

export interface AssignmentScreenProps {
  db: CartableDb;
  scope: StudentScope;
  assignmentId: string;
}

export function AssignmentScreen({ db, scope, assignmentId }: AssignmentScreenProps) {
  const sid = scope.studentId;
  const data = useLiveQuery(async () => {
    const assignment = await visibleAssignment(db, scope, assignmentId);
    if (!assignment) {
      // Withdrawn since: the student's own work on it is still shown (by their id only), never hidden.
      const own = await db.work.get(workId(sid, assignmentId));
      return { assignment: null, orphan: own?.studentId === sid ? own : null } as const;
    }
    const [input, rows, lesson, dismissed] = await Promise.all([
      loadWorkInputs(db, sid, [assignment]).then((m) => m.get(assignment.id)!),
      db.attachments.where('studentId').equals(sid).filter((a) => a.assignmentId === assignmentId && !a.deleted).toArray(),
      // The lesson it revises, only if this pupil may see it (a draft or another group's lesson: no link).
      assignment.lessonId ? visibleLesson(db, scope, assignment.lessonId) : Promise.resolve(null),
      dismissedNoticeIds(db, sid),
    ]);
    const attachments: AttachmentView[] = rows.map((r) => ({ id: r.id, questionId: r.questionId, kind: r.kind, mime: r.mime, blob: r.blob }));
    const view = reconcileWork(input);
    const reminder = view.reminder && !dismissed.has(view.reminder.id) ? view.reminder : null;
    return { assignment, work: input.work ?? undefined, feedback: input.feedback ?? undefined, view, attachments, lesson, reminder } as const;
  }, [db, scope, assignmentId]);

  const controller = useMemo(
    () => (data?.assignment ? localAnswerController(db, sid, data.assignment, { wake: (when) => (when === 'now' ? requestSync('local-change') : notifyLocalChange()) }) : null),
    [db, sid, data?.assignment?.id, data?.assignment?.version],
  );
  // The teacher's images and sounds: into the offline cache first (a no-op once the sync worker
  // has put them there, and offline), then shown by the service worker.
  const mediaResolver = useMemo<MediaResolver>(() => (url) => warmMediaUrls(db, sid, [url]).then(() => url, () => url), [db, sid]);
  const [confirming, setConfirming] = useState(false);
  const [justHandedIn, setJustHandedIn] = useState(0);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const statusLine = useRef<HTMLParagraphElement>(null);
  const [actionError, setActionError] = useState<SaveFailureCode | null>(null);

  if (!data) return <p>{t('app.loading')}</p>;
  if (!data.assignment && data.orphan) return <WithdrawnWork work={data.orphan} />;
  if (!data.assignment || !controller) return <NotFoundMessage />;
  const { assignment, work, attachments, feedback, view, lesson, reminder } = data;
  const dueAt = view.dueAt ?? assignment.dueAt;
  const locked = isLocked(view);
  const answers = work?.answers ?? [];
  const missing = unansweredCount(assignment.questions.map((q) => q.id), answers);

  const act = async (op: Promise<SaveOutcome>) => {
    const r = await op;
    setActionError(r.ok ? null : r.code);
    return r.ok;
  };
  const submit = async () => {
    setConfirming(false);
    // The second tap of a double tap on « Oui, rendre » must not land on the text box below.
    setJustHandedIn((n) => n + 1);
    if (await act(controller.submit())) {
      // The pupil sees it was handed in: back to the top, where the status says « Rendu… » / « Reçu le… ».
      scrollTo({ top: 0 });
      statusLine.current?.focus();
    }
  };
  const canSubmit = !!work;

  return (
    <article aria-labelledby="assignment-title">
      <BackLink />
      <h1 id="assignment-title" tabIndex={-1} ref={heading}>{assignment.title}</h1>
      <p class="muted">{view.dueAt ? t('home.ownDue', { date: formatDate(view.dueAt, true) }) : dueAt ? t('home.due', { date: formatDate(dueAt, true) }) : t('home.noDue')}</p>
      {lesson && (
        <p class="review-lesson">
          <a class="item-link" href={`/lessons/${encodeURIComponent(lesson.id)}`} onClick={onLinkClick}>{t('assignment.reviewLesson', { title: lesson.title })}</a>
        </p>
      )}
      <p role="status" aria-live="polite" tabIndex={-1} ref={statusLine}>
        <WorkStatusBadge view={view} />
        {justHandedIn > 0 && locked && (
          <span class="handed-in">{view.status === 'submitted_pending' ? t('assignment.handedInWaiting') : t('assignment.handedInReceived')}</span>
        )}
      </p>
      {view.status === 'redo' && view.sentBack && (
        <section class="notice warn redo" aria-labelledby="redo-title">
          <h2 id="redo-title">{t('redo.title')}</h2>
          {view.sentBack.message.trim() && (
            <>
              <p>{t('redo.message')}</p>
              <blockquote class="teacher-message">{view.sentBack.message}</blockquote>
            </>
          )}
          <p>{t('redo.keep')}</p>
        </section>
      )}
      {reminder && <ReminderBanner reminder={reminder} assignmentId={assignment.id} title={assignment.title} onDismiss={() => void dismissNotice(db, sid, reminder.id)} />}
      {view.assignmentChanged && !locked && (
        <div class="notice warn" role="alert">
          <p>{t('assignment.changed')}</p>
          <button type="button" onClick={() => void act(controller.acknowledgeChange())}>
            {t('assignment.changedOk')}
          </button>
        </div>
      )}
      {view.status === 'needs_attention' && (
        <div class="notice error" role="alert">
          <p>{serverErrorText(view.attention?.code, view.attention?.params)}</p>
          <button type="button" onClick={() => void act(controller.retryRejected())}>
            {t('assignment.retry')}
          </button>
        </div>
      )}
      {feedback && <FeedbackSummary feedback={feedback} />}
      <AssignmentView
        assignment={assignment}
        answers={answers}
        attachments={attachments}
        controller={controller}
        readOnly={locked}
        feedback={feedback ?? null}
        mediaResolver={mediaResolver}
      />
      {actionError && <p class="notice error" role="alert">{t(`save.${actionError}`)}</p>}
      {!locked && (
        <div class="submit-row">
          <button type="button" class="primary" disabled={!canSubmit} aria-describedby={canSubmit ? undefined : 'submit-why'} onClick={() => setConfirming(true)}>
            {t('assignment.submit')}
          </button>
          {!canSubmit && <p id="submit-why" class="muted">{t('assignment.submitNeedsAnswer')}</p>}
        </div>
      )}
      {justHandedIn > 0 && <TapShield key={justHandedIn} />}
      {confirming && (
        <ConfirmDialog
          title={t('assignment.confirmTitle')}
          confirmLabel={t('assignment.confirmYes')}
          cancelLabel={t('assignment.confirmNo')}
          onConfirm={() => void submit()}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('assignment.confirmText')}</p>
          {missing > 0 && <p class="notice warn">{tp('assignment.unanswered', { count: missing })}</p>}
        </ConfirmDialog>
      )}
    </article>
  );
}

/** Handed in (waiting, received or marked): the answers are read-only here. */
export function isLocked(view: WorkView): boolean {
  return view.status === 'submitted_pending' || view.status === 'received' || view.status === 'returned';
}
