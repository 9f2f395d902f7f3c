/** The student's home: assignments by state (with due dates and badges), lessons, storage. */
import { useEffect } from 'preact/hooks';
import type { CartableDb } from '../../db/schema.ts';
import { warmLessonMedia } from '../lesson/warm-lesson-media.ts';
import { useLiveQuery } from '../common/use-live-query.ts';
import { visibleAssignments, visibleLessons, type StudentScope } from '../common/student-scope.ts';
import { groupAssignments, HOME_GROUPS, type HomeItem } from './assignment-groups.ts';
import { formatDate, t } from '../../i18n/i18n.ts';
import { loadWorkInputs, orphanWorks } from '../common/work-inputs.ts';
import { reconcileWork } from '../../db/reconcile-work.ts';
import { WorkStatusBadge } from '../common/work-status-badge.tsx';
import { useFocusOnMount } from '../common/use-focus-on-mount.ts';
import { onLinkClick } from '../common/router.ts';
import { StoragePanel } from '../sync/storage-panel.tsx';
import type { SyncStatusView } from '../sync/sync-status-view.ts';

export interface HomeScreenProps {
  db: CartableDb;
  scope: StudentScope;
  status: SyncStatusView;
}

export function HomeScreen({ db, scope, status }: HomeScreenProps) {
  const sid = scope.studentId;
  const data = useLiveQuery(async () => {
    const [assignments, lessons] = await Promise.all([visibleAssignments(db, scope), visibleLessons(db, scope)]);
    const inputs = await loadWorkInputs(db, sid, assignments);
    const items = assignments.map((assignment) => ({ assignment, view: reconcileWork(inputs.get(assignment.id)!) }));
    const orphans = await orphanWorks(db, sid, new Set(assignments.map((a) => a.id)));
    return { groups: groupAssignments(items, new Date()), lessons, count: assignments.length + orphans.length, orphans };
  }, [db, scope]);

  const heading = useFocusOnMount<HTMLHeadingElement>();
  // Lesson media into the offline cache in the background, while the server is reachable.
  const lessonKey = data?.lessons.map((l) => `${l.id}:${l.version}`).join(',') ?? '';
  useEffect(() => {
    if (data && data.lessons.length > 0 && navigator.onLine) void warmLessonMedia(db, sid, data.lessons).catch(() => undefined);
  }, [lessonKey, status.lastSyncAt]);

  return (
    <div>
      <h1 tabIndex={-1} ref={heading}>
        {t('home.title')}
      </h1>
      <div class="columns">
        <section aria-labelledby="home-assignments">
          <h2 id="home-assignments">{t('home.assignments')}</h2>
          {data && data.count === 0 && <p class="muted">{t('home.noAssignments')}</p>}
          {data && data.orphans.length > 0 && (
            <section aria-labelledby="group-withdrawn">
              <h3 id="group-withdrawn">
                {t('withdrawn.group')} ({data.orphans.length})
              </h3>
              <ul class="item-list">
                {data.orphans.map((w) => (
                  <li key={w.id}>
                    <a class="item-link" href={`/assignments/${encodeURIComponent(w.assignmentId)}`} onClick={onLinkClick}>
                      <span class="title">{t('withdrawn.title')}</span>
                      <span class="badge late">{w.needsAttention ?? t('withdrawn.text')}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {data &&
            HOME_GROUPS.map((g) =>
              data.groups[g].length === 0 ? null : (
                <section key={g} aria-labelledby={`group-${g}`}>
                  <h3 id={`group-${g}`}>
                    {t(`home.group.${g}`)} ({data.groups[g].length})
                  </h3>
                  <ul class="item-list">
                    {data.groups[g].map((item) => (
                      <AssignmentItem key={item.assignment.id} item={item} />
                    ))}
                  </ul>
                </section>
              ),
            )}
        </section>
        <div>
          <section aria-labelledby="home-lessons">
            <h2 id="home-lessons">{t('home.lessons')}</h2>
            {data && data.lessons.length === 0 && <p class="muted">{t('home.noLessons')}</p>}
            <ul class="item-list">
              {data?.lessons.map((l) => (
                <li key={l.id}>
                  <a class="item-link" href={`/lessons/${encodeURIComponent(l.id)}`} onClick={onLinkClick}>
                    <span class="title">{l.title}</span>
                  </a>
                </li>
              ))}
            </ul>
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
        <span class="muted">{a.dueAt ? t('home.due', { date: formatDate(a.dueAt) }) : t('home.noDue')}</span>
        {item.late && <span class="badge late">{t('home.late')}</span>}
        {v.assignmentChanged && <span class="badge changed">{t('home.changed')}</span>}
        {v.status !== 'not_started' && v.status !== 'draft' && <WorkStatusBadge view={v} />}
        {v.mark && v.mark.mark !== null && <span class="badge received">{t('feedback.mark', { mark: v.mark.mark, max: v.mark.maxMark })}</span>}
      </a>
    </li>
  );
}
