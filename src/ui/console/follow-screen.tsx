/**
 * Follow an assignment: every targeted student's status (table) and the class's progress
 * (chart); beside a pupil, the tablets that last reported some of their work not sent yet
 * (issue 19: a hand-in on a withdrawn tablet must not pass for « Pas commencé »).
 */
import { useConsole, href } from './console-context.ts';
import { formatDate, formatDecimal, useConsoleI18n } from './console-i18n.ts';
import { LoadGate, ScreenTitle } from './console-widgets.tsx';
import { useLoad } from './use-load.ts';
import { followStatus, sortRows } from './follow-status.ts';
import { ProgressChart, STATUS_LABEL } from './progress-chart.tsx';
import { packSummary } from './paper-screen.tsx';
import { DueCell, RemindButton } from './follow-up-actions.tsx';
import { tabletsHoldingWork } from './device-sync-status.ts';

export function FollowScreen(props: { classId: string; assignmentId: string }) {
  const { api } = useConsole();
  const { t, lang } = useConsoleI18n();
  const { classId, assignmentId } = props;
  const loaded = useLoad(
    // The tablets' reports are extra news: without them the screen still shows the server's states.
    () => Promise.all([api.assignment(assignmentId), api.submissions(assignmentId), api.paperPacks(assignmentId), api.devices(classId).catch(() => [])]),
    [assignmentId],
  );
  return (
    <LoadGate loaded={loaded}>
      {([assignment, rows, packs, devices]) => {
        const onTablets = tabletsHoldingWork(devices);
        // The « Papier » column only when some pupils were given a paper pack (issue 15).
        const packOf = new Map(packs.map((p) => [p.studentId, p]));
        return (
        <>
          <ScreenTitle>{t('follow.title', { title: assignment.title })}</ScreenTitle>
          <p class="cc-actions">
            <button type="button" onClick={loaded.reload}>{t('follow.refresh')}</button>
            <a class="cc-button" href={href({ name: 'assignment-edit', classId, assignmentId })}>{t('assignments.edit')}</a>
            <a class="cc-button" href={href({ name: 'assignment-paper', classId, assignmentId })}>{t('assignments.paper')}</a>
            {assignment.status === 'published' && <RemindButton assignmentId={assignmentId} rows={rows} onChanged={loaded.reload} />}
          </p>
          <ProgressChart rows={rows} group={!!assignment.groupId} />
          <table class="cc-table">
            <caption>{t('follow.table')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('follow.student')}</th>
                <th scope="col">{t('follow.status')}</th>
                <th scope="col">{t('follow.when')}</th>
                {assignment.status === 'published' && <th scope="col">{t('fu.due')}</th>}
                <th scope="col">{t('follow.mark')}</th>
                {packOf.size > 0 && <th scope="col">{t('paper.follow')}</th>}
              </tr>
            </thead>
            <tbody>
              {sortRows(rows).map((r) => {
                const status = followStatus(r);
                const name = `${r.student.firstName} ${r.student.lastName}`;
                const s = r.submission;
                return (
                  <tr key={r.student.id} data-status={status}>
                    <th scope="row">
                      {s && status !== 'not-started' ? (
                        <a href={href({ name: 'submission', classId, assignmentId, submissionId: s.id })} aria-label={t('follow.open', { name })}>{name}</a>
                      ) : name}
                    </th>
                    <td>
                      <span class={`cc-status cc-status-${status}`}>{t(STATUS_LABEL[status])}</span>
                      {s?.resubmitted && status !== 'returned' && <> ({t('fs.resubmitted')})</>}
                      {s && !s.complete && <> — {t('fs.uploading')}</>}
                      {s?.sentBack && s.state === 'draft' && <> — {t('fu.statusRedo')}</>}
                      {s?.reminder && <> — {t('fu.reminded', { date: formatDate(s.reminder.at, lang) })}</>}
                      {onTablets.has(r.student.id) && (
                        <span class="cc-row-note cc-on-tablet">
                          {t('follow.onTablet', { tablets: onTablets.get(r.student.id)!.map((d) => (d.withdrawn ? t('follow.tabletWithdrawn', { name: d.name }) : `«\u00a0${d.name}\u00a0»`)).join(', ') })}
                        </span>
                      )}
                    </td>
                    <td>{formatDate(s?.submittedAt ?? null, lang)}</td>
                    {assignment.status === 'published' && <td><DueCell assignmentId={assignmentId} assignmentDueAt={assignment.dueAt} row={r} onChanged={loaded.reload} /></td>}
                    <td>{r.feedback?.mark != null ? `${formatDecimal(r.feedback.mark, lang)} / ${formatDecimal(r.feedback.maxMark, lang)}` : ''}</td>
                    {packOf.size > 0 && <td>{packOf.has(r.student.id) ? packSummary(packOf.get(r.student.id), assignment.version, t, lang) : ''}</td>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
        );
      }}
    </LoadGate>
  );
}
