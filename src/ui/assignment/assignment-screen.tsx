/**
 * One assignment for the signed-in student: status, the question area (saved as it
 * changes), "Rendre" with a confirmation, and the teacher's feedback once returned.
 * Every read is by (signed-in studentId, assignment id): another student's id in the URL
 * or in the records shows nothing.
 */
import { useMemo, useState } from 'preact/hooks';
import type { CartableDb } from '../../db/schema.ts';
import { acknowledgeAssignmentChange, submitWork, workId } from '../../db/work-repository.ts';
import { useLiveQuery } from '../common/use-live-query.ts';
import { visibleAssignment, type StudentScope } from '../common/student-scope.ts';
import { NotFoundMessage } from '../common/not-found-message.tsx';
import { BackLink } from '../common/back-link.tsx';
import { AssignmentView } from './assignment-view.tsx';
import { FeedbackSummary } from './feedback-view.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { localAnswerController } from './local-answer-controller.ts';
import { unansweredCount, type AttachmentView } from './answer-controller.ts';
import { isLocked, workStatus, type WorkStatus } from './work-status.ts';
import { requestSync } from '../sync/use-sync-status.ts';
import { formatDate, formatDateTime, t } from '../../i18n/i18n.ts';

export interface AssignmentScreenProps {
  db: CartableDb;
  scope: StudentScope;
  assignmentId: string;
}

export function AssignmentScreen({ db, scope, assignmentId }: AssignmentScreenProps) {
  const sid = scope.studentId;
  const data = useLiveQuery(async () => {
    const assignment = await visibleAssignment(db, scope, assignmentId);
    if (!assignment) return { assignment: null } as const;
    const [work, rows, submission, feedback] = await Promise.all([
      db.work.get(workId(sid, assignmentId)),
      db.attachments.where('studentId').equals(sid).filter((a) => a.assignmentId === assignmentId && !a.deleted).toArray(),
      db.submissions.where('[studentId+assignmentId]').equals([sid, assignmentId]).first(),
      db.feedback.where('studentId').equals(sid).filter((f) => f.assignmentId === assignmentId && !!f.returnedAt).first(),
    ]);
    const attachments: AttachmentView[] = rows.map((r) => ({ id: r.id, questionId: r.questionId, kind: r.kind, mime: r.mime, blob: r.blob }));
    // Belt and braces: records of another student never reach the view.
    return { assignment, work: work?.studentId === sid ? work : undefined, attachments, submission, feedback } as const;
  }, [db, scope, assignmentId]);

  const controller = useMemo(
    () => (data?.assignment ? localAnswerController(db, sid, data.assignment) : null),
    [db, sid, data?.assignment?.id, data?.assignment?.version],
  );
  const [confirming, setConfirming] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);

  if (!data) return <p>{t('app.loading')}</p>;
  if (!data.assignment || !controller) return <NotFoundMessage />;
  const { assignment, work, attachments, submission, feedback } = data;
  const status = workStatus(assignment, work, submission, feedback);
  const locked = isLocked(status);
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
      <h1 id="assignment-title">{assignment.title}</h1>
      <p class="muted">{assignment.dueAt ? t('home.due', { date: formatDate(assignment.dueAt, true) }) : t('home.noDue')}</p>
      <StatusLine status={status} />
      {status.kind === 'draft' && status.changed && (
        <div class="notice warn" role="alert">
          <p>{t('assignment.changed')}</p>
          <button type="button" onClick={() => void acknowledgeAssignmentChange(db, sid, assignmentId)}>
            {t('assignment.changedOk')}
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

function StatusLine({ status }: { status: WorkStatus }) {
  let text: string;
  let cls = 'badge state';
  switch (status.kind) {
    case 'todo':
      text = t('status.todo');
      break;
    case 'draft':
      text = t('status.draft');
      break;
    case 'submitting':
      text = t('status.submitting');
      break;
    case 'received':
      text = t('status.received', { time: formatDateTime(status.at) });
      cls = 'badge received';
      break;
    case 'returned':
      text = t('status.returned');
      cls = 'badge received';
      break;
    case 'needsAttention':
      text = t('status.needsAttention', { message: status.message });
      cls = 'badge late';
      break;
  }
  return (
    <p role="status" aria-live="polite" data-status={status.kind}>
      <span class={cls}>{text}</span>
    </p>
  );
}
