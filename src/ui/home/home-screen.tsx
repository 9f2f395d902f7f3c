/** The student's home: assignments by state (with due dates and badges), lessons, storage. */
import type { CartableDb } from '../../db/schema.ts';
import { useLiveQuery } from '../common/use-live-query.ts';
import { visibleAssignments, visibleLessons, type StudentScope } from '../common/student-scope.ts';
import { groupAssignments, HOME_GROUPS, type HomeItem } from './assignment-groups.ts';
import { formatDate, formatDateTime, t } from '../../i18n/i18n.ts';
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
    const [assignments, lessons, works, submissions, feedback] = await Promise.all([
      visibleAssignments(db, scope),
      visibleLessons(db, scope),
      db.work.where('studentId').equals(sid).toArray(),
      db.submissions.where('studentId').equals(sid).toArray(),
      db.feedback.where('studentId').equals(sid).toArray(),
    ]);
    return { groups: groupAssignments(assignments, works, submissions, feedback, new Date()), lessons, count: assignments.length };
  }, [db, scope]);

  return (
    <div>
      <h1>{t('home.title')}</h1>
      <div class="columns">
        <section aria-labelledby="home-assignments">
          <h2 id="home-assignments">{t('home.assignments')}</h2>
          {data && data.count === 0 && <p class="muted">{t('home.noAssignments')}</p>}
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
  const w = item.work;
  return (
    <li>
      <a class="item-link" href={`/assignments/${encodeURIComponent(a.id)}`} onClick={onLinkClick}>
        <span class="title">{a.title}</span>
        <span class="muted">{a.dueAt ? t('home.due', { date: formatDate(a.dueAt) }) : t('home.noDue')}</span>
        {item.late && <span class="badge late">{t('home.late')}</span>}
        {item.changed && <span class="badge changed">{t('home.changed')}</span>}
        {w?.state === 'submitting' && <span class="badge state">{t('status.submitting')}</span>}
        {w?.state === 'received' && item.group === 'submitted' && (
          <span class="badge received">{t('status.received', { time: formatDateTime(w.receivedAt ?? w.updatedAt) })}</span>
        )}
      </a>
    </li>
  );
}
