/** The class's assignments, drafts and published, with the way to edit, follow or print each. */
import type { Assignment } from '../../protocol/entities.ts';
import { useConsole, href } from './console-context.ts';
import { formatDate, useConsoleI18n } from './console-i18n.ts';
import { LoadGate, ScreenTitle } from './console-widgets.tsx';
import { useLoad } from './use-load.ts';

export function AssignmentListScreen(props: { classId: string; className: string }) {
  const { api } = useConsole();
  const { t, lang } = useConsoleI18n();
  const { classId } = props;
  const loaded = useLoad(() => Promise.all([api.assignments(classId), api.groups(classId)]), [classId]);
  return (
    <>
      <ScreenTitle>{t('assignments.title', { className: props.className })}</ScreenTitle>
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
                    <span class={`cc-badge cc-badge-${a.status}`}>{a.status === 'draft' ? t('status.draft') : t('status.publishedTo', { target: target(a) })}</span>{' '}
                    {a.dueAt ? t('assignments.due', { date: formatDate(a.dueAt, lang) }) : t('assignments.noDue')}
                  </p>
                  <p class="cc-actions">
                    <a class="cc-button" href={href({ name: 'assignment-edit', classId, assignmentId: a.id })} aria-label={`${t('assignments.edit')} — ${a.title}`}>{t('assignments.edit')}</a>
                    {a.status === 'published' && (
                      <a class="cc-button" href={href({ name: 'assignment-follow', classId, assignmentId: a.id })} aria-label={`${t('assignments.follow')} — ${a.title}`}>{t('assignments.follow')}</a>
                    )}
                    <a class="cc-button" href={href({ name: 'assignment-paper', classId, assignmentId: a.id })} aria-label={`${t('assignments.paper')} — ${a.title}`}>{t('assignments.paper')}</a>
                  </p>
                </li>
              ))}
            </ul>
          );
        }}
      </LoadGate>
    </>
  );
}
