/**
 * One assignment for the signed-in student: status, the question area (saved as it
 * changes), "Rendre" with a confirmation, and the teacher's feedback once returned.
 * Every read is by (signed-in studentId, assignment id): another student's id in the URL
 * or in the records shows nothing.
 */
import { useMemo, useState } from 'preact/hooks';
import type { CartableDb } from '../../db/schema.ts';
import { acknowledgeAssignmentChange, retryRejected, submitWork, workId } from '../../db/work-repository.ts';
import { WithdrawnWork } from './withdrawn-work.tsx';
import { useLiveQuery } from '../common/use-live-query.ts';
import { visibleAssignment, type StudentScope } from '../common/student-scope.ts';
import { NotFoundMessage } from '../common/not-found-message.tsx';
import { BackLink } from '../common/back-link.tsx';
import { useFocusOnMount } from '../common/use-focus-on-mount.ts';
import { AssignmentView } from './assignment-view.tsx';
import { FeedbackSummary } from './feedback-view.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { localAnswerController } from './local-answer-controller.ts';
import { unansweredCount, type AttachmentView } from './answer-controller.ts';
import { reconcileWork, type WorkView } from '../../db/reconcile-work.ts';
import { loadWorkInputs } from '../common/work-inputs.ts';
import { WorkStatusBadge } from '../common/work-status-badge.tsx';
import { requestSync } from '../sync/use-sync-status.ts';
import { formatDate, t } from '../../i18n/i18n.ts';

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
    const [input, rows] = await Promise.all([
      loadWorkInputs(db, sid, [assignment]).then((m) => m.get(assignment.id)!),
      db.attachments.where('studentId').equals(sid).filter((a) => a.assignmentId === assignmentId && !a.deleted).toArray(),
    ]);
    const attachments: AttachmentView[] = rows.map((r) => ({ id: r.id, questionId: r.questionId, kind: r.kind, mime: r.mime, blob: r.blob }));
    return { assignment, work: input.work ?? undefined, feedback: input.feedback ?? undefined, view: reconcileWork(input), attachments } as const;
  }, [db, scope, assignmentId]);

  const controller = useMemo(
    () => (data?.assignment ? localAnswerController(db, sid, data.assignment) : null),
    [db, sid, data?.assignment?.id, data?.assignment?.version],
  );
  const [confirming, setConfirming] = useState(false);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [submitError, setSubmitError] = useState<string | null>(null);

  if (!data) return <p>{t('app.loading')}</p>;
  if (!data.assignment && data.orphan) return <WithdrawnWork work={data.orphan} />;
  if (!data.assignment || !controller) return <NotFoundMessage />;
  const { assignment, work, attachments, feedback, view } = data;
  const locked = isLocked(view);
  const answers = work?.answers ?? [];
  const missing = unansweredCount(assignment.questions.map((q) => q.id), answers);

  const submit = async () => {
    setConfirming(false);
    const r = await submitWork(db, sid, assignmentId);
    setSubmitError(r.ok ? null : r.message);
    if (r.ok) requestSync(); // hand it in now if the server is reachable
  };

  return (
    <article aria-labelledby="assignment-title">
      <BackLink />
      <h1 id="assignment-title" tabIndex={-1} ref={heading}>{assignment.title}</h1>
      <p class="muted">{assignment.dueAt ? t('home.due', { date: formatDate(assignment.dueAt, true) }) : t('home.noDue')}</p>
      <p role="status" aria-live="polite">
        <WorkStatusBadge view={view} />
      </p>
      {view.assignmentChanged && !locked && (
        <div class="notice warn" role="alert">
          <p>{t('assignment.changed')}</p>
          <button type="button" onClick={() => void acknowledgeAssignmentChange(db, sid, assignmentId)}>
            {t('assignment.changedOk')}
          </button>
        </div>
      )}
      {view.status === 'needs_attention' && (
        <div class="notice error" role="alert">
          <p>{view.attention?.message}</p>
          <button
            type="button"
            onClick={() =>
              void retryRejected(db, sid, assignmentId).then((r) => {
                if (r.ok) requestSync();
              })
            }
          >
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
      />
      {submitError && <p class="notice error" role="alert">{submitError}</p>}
      {!locked && (
        <button type="button" class="primary" disabled={!work} onClick={() => setConfirming(true)}>
          {t('assignment.submit')}
        </button>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('assignment.confirmTitle')}
          confirmLabel={t('assignment.confirmYes')}
          cancelLabel={t('assignment.confirmNo')}
          onConfirm={() => void submit()}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('assignment.confirmText')}</p>
          {missing > 0 && <p class="notice warn">{t('assignment.unanswered', { count: missing })}</p>}
        </ConfirmDialog>
      )}
    </article>
  );
}

/** Handed in (waiting, received or marked): the answers are read-only here. */
export function isLocked(view: WorkView): boolean {
  return view.status === 'submitted_pending' || view.status === 'received' || view.status === 'returned';
}
