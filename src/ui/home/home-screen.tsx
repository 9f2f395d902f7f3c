/** The student's home: assignments by state (with due dates and badges), lessons, storage. */
import { useState } from 'preact/hooks';
import type { CartableDb } from '../../db/schema.ts';
import { useLiveQuery } from '../common/use-live-query.ts';
import { sameData } from '../common/same-data.ts';
import type { StudentScope } from '../common/student-scope.ts';
import { HOME_GROUPS, type HomeItem } from './assignment-groups.ts';
import { loadHomeData } from './home-data.ts';
import { CappedList } from './capped-list.tsx';
import { formatDate, serverErrorText, t } from '../../i18n/i18n.ts';
import { WorkStatusBadge } from '../common/work-status-badge.tsx';
import { useFocusOnMount } from '../common/use-focus-on-mount.ts';
import { onLinkClick } from '../common/router.ts';
import { StoragePanel } from '../sync/storage-panel.tsx';
import { ReminderBanner } from './reminder-banner.tsx';
import { dismissNotice } from '../../db/notice-repository.ts';
import type { SyncStatusView } from '../sync/sync-status-view.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

export interface HomeScreenProps {
  db: CartableDb;
  scope: StudentScope;
  status: SyncStatusView;
}

// Which lists each student unfolded, kept while the app runs: back from an assignment, the list is as they left it.
const unfolded = new Map<string, ReadonlySet<string>>();

function useUnfolded(studentId: string): [ReadonlySet<string>, (list: string) => void] {
  const [open, setOpen] = useState<ReadonlySet<string>>(() => unfolded.get(studentId) ?? new Set());
  const toggle = (list: string) => {
    const next = new Set(open);
    if (!next.delete(list)) next.add(list);
    unfolded.set(studentId, next);
    setOpen(next);
  };
  return [open, toggle];
}

export function HomeScreen({ db, scope, status }: HomeScreenProps) {
  const sid = scope.studentId;
  // Equal results (a sync page this screen does not show) keep the rendered screen as it is.
  const data = useLiveQuery(() => loadHomeData(db, scope), [db, scope], { equal: sameData });
  const [open, toggle] = useUnfolded(sid);

  const heading = useFocusOnMount<HTMLHeadingElement>();
  // Lesson media reach the offline cache from the sync worker, after each pull (src/sync/worker/warm-lesson-media.ts).

  return (
    <div>
      <h1 tabIndex={-1} ref={heading}>
        {t('home.title')}
      </h1>
      {data && data.reminders.length > 0 && (
        <div role="region" aria-label={t('reminder.region')}>
          {data.reminders.map((r) => (
            <ReminderBanner key={r.reminder.id} reminder={r.reminder} assignmentId={r.assignmentId} title={r.title} withLink onDismiss={() => void dismissNotice(db, sid, r.reminder.id)} />
          ))}
        </div>
      )}
      <p class="diary-link">
        <a class="button" href="/cahier" onClick={onLinkClick}>{t('diary.open')}</a>
      </p>
      <div class="columns">
        <section aria-labelledby="home-assignments">
          <h2 id="home-assignments">{t('home.assignments')}</h2>
          {data && data.count === 0 && <p class="muted">{t('home.noAssignments')}</p>}
          {data && data.orphans.length > 0 && (
            <section aria-labelledby="group-withdrawn">
              <h3 id="group-withdrawn">
                {t('withdrawn.group')} ({data.orphans.length})
              </h3>
              <CappedList id="list-withdrawn" describedBy="group-withdrawn" items={data.orphans} expanded={open.has('withdrawn')} onToggle={() => toggle('withdrawn')}>
                {(w) => (
                  <li key={w.id}>
                    <a class="item-link" href={`/assignments/${encodeURIComponent(w.assignmentId)}`} onClick={onLinkClick}>
                      <span class="title">{t('withdrawn.title')}</span>
                      <span class="badge late">{w.attentionCode ? serverErrorText(w.attentionCode, w.attentionParams) : t('withdrawn.text')}</span>
                    </a>
                  </li>
                )}
              </CappedList>
            </section>
          )}
          {data &&
            HOME_GROUPS.map((g) =>
              data.groups[g].length === 0 ? null : (
                <section key={g} aria-labelledby={`group-${g}`}>
                  <h3 id={`group-${g}`}>
                    {t(`home.group.${g}`)} ({data.groups[g].length})
                  </h3>
                  <CappedList id={`list-${g}`} describedBy={`group-${g}`} items={data.groups[g]} expanded={open.has(g)} onToggle={() => toggle(g)}>
                    {(item) => <AssignmentItem key={item.assignment.id} item={item} />}
                  </CappedList>
                </section>
              ),
            )}
        </section>
        <div>
          <section aria-labelledby="home-lessons">
            <h2 id="home-lessons">{t('home.lessons')}</h2>
            {data && data.lessons.length === 0 && <p class="muted">{t('home.noLessons')}</p>}
            {data && (
              <CappedList id="list-lessons" describedBy="home-lessons" items={data.lessons} expanded={open.has('lessons')} onToggle={() => toggle('lessons')}>
                {(l) => (
                  <li key={l.id}>
                    <a class="item-link" href={`/lessons/${encodeURIComponent(l.id)}`} onClick={onLinkClick}>
                      <span class="title">{l.title}</span>
                    </a>
                  </li>
                )}
              </CappedList>
            )}
          </section>
          <StoragePanel storage={status.storage} />
        </div>
      </div>
    </div>
  );
}

function AssignmentItem({ item }: { item: HomeItem }) {
  const a = item.assignment;
  const v = item.view;
  return (
    <li>
      <a class="item-link" href={`/assignments/${encodeURIComponent(a.id)}`} onClick={onLinkClick}>
        <span class="title">{a.title}</span>
        <span class="muted">{v.dueAt ? t('home.ownDue', { date: formatDate(v.dueAt) }) : item.dueAt ? t('home.due', { date: formatDate(item.dueAt) }) : t('home.noDue')}</span>
        {v.dueAt && <span class="badge changed">{t('home.ownDueBadge')}</span>}
        {item.late && <span class="badge late">{t('home.late')}</span>}
        {v.assignmentChanged && <span class="badge changed">{t('home.changed')}</span>}
        {v.status !== 'not_started' && v.status !== 'draft' && <WorkStatusBadge view={v} />}
        {v.mark && v.mark.mark !== null && <span class="badge received">{t('feedback.mark', { mark: v.mark.mark, max: v.mark.maxMark })}</span>}
        {v.sentBack && v.sentBack.message.trim() && <span class="teacher-message">{v.sentBack.message}</span>}
      </a>
    </li>
  );
}
