/** The class's assignments, drafts (scheduled or not) and published, with the way to edit, follow or print each. */
import type { Assignment } from '../../protocol/entities.ts';
import { useConsole, href } from './console-context.ts';
import { formatDate, useConsoleI18n } from './console-i18n.ts';
import { LoadGate, ScreenTitle } from './console-widgets.tsx';
import { useLoad } from './use-load.ts';
import { DuplicateAssignment } from './duplicate-assignment.tsx';
import { formatParisWhen } from './paris-time.ts';
import { ClassSubjectForm } from './class-subject-form.tsx';

export function AssignmentListScreen(props: { classId: string; className: string }) {
  const { api } = useConsole();
  const { t, lang } = useConsoleI18n();
  const { classId } = props;
  const loaded = useLoad(() => Promise.all([api.assignments(classId), api.groups(classId)]), [classId]);
  return (
    <>
      <ScreenTitle>{t('assignments.title', { className: props.className })}</ScreenTitle>
      <ClassSubjectForm classId={classId} />
      <p>
        <a class="cc-button cc-primary" href={href({ name: 'assignment-new', classId })}>{t('assignments.new')}</a>
      </p>
      <LoadGate loaded={loaded}>
        {([list, groups]) => {
          if (!list.length) return <p>{t('assignments.none')}</p>;
          const sorted = [...list].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
          const target = (a: Assignment) => (a.groupId ? t('target.group', { name: groups.find((g) => g.id === a.groupId)?.name ?? '?' }) : t('target.class'));
          return (
            <ul class="cc-list">
              {sorted.map((a) => (
                <li key={a.id} class="cc-list-item">
                  <h2 class="cc-item-title">{a.title}</h2>
                  <p>
                    <StatusBadge assignment={a} target={target(a)} />{' '}
                    {a.dueAt ? t('assignments.due', { date: formatDate(a.dueAt, lang) }) : t('assignments.noDue')}
                  </p>
                  <div class="cc-actions">
                    <a class="cc-button" href={href({ name: 'assignment-edit', classId, assignmentId: a.id })} aria-label={`${t('assignments.edit')} — ${a.title}`}>{t('assignments.edit')}</a>
                    {a.status === 'published' && (
                      <a class="cc-button" href={href({ name: 'assignment-follow', classId, assignmentId: a.id })} aria-label={`${t('assignments.follow')} — ${a.title}`}>{t('assignments.follow')}</a>
                    )}
                    <a class="cc-button" href={href({ name: 'assignment-paper', classId, assignmentId: a.id })} aria-label={`${t('assignments.paper')} — ${a.title}`}>{t('assignments.paper')}</a>
                    <DuplicateAssignment assignment={a} classId={classId} />
                  </div>
                </li>
              ))}
            </ul>
          );
        }}
      </LoadGate>
    </>
  );
}

/** « Brouillon », « Programmé pour le mardi 8 décembre à 8 h 00 » or « Publié pour … ». */
export function StatusBadge(props: { assignment: Pick<Assignment, 'status' | 'publishAt'>; target: string }) {
  const { t, lang } = useConsoleI18n();
  const { status, publishAt } = props.assignment;
  if (status === 'published') return <span class="cc-badge cc-badge-published">{t('status.publishedTo', { target: props.target })}</span>;
  if (publishAt) return <span class="cc-badge cc-badge-scheduled">{t('schedule.scheduledFor', { when: formatParisWhen(publishAt, lang) })}</span>;
  return <span class="cc-badge cc-badge-draft">{t('status.draft')}</span>;
}
