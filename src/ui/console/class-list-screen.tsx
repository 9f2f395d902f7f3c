/** Choose a class: a teacher sees the classes they teach, the IT referent all of them. */
import { useConsole, href } from './console-context.ts';
import { useConsoleI18n } from './console-i18n.ts';
import { LoadGate, ScreenTitle } from './console-widgets.tsx';
import { useLoad } from './use-load.ts';

export function ClassListScreen() {
  const { api } = useConsole();
  const { t } = useConsoleI18n();
  const classes = useLoad(() => api.classes(), []);
  return (
    <>
      <ScreenTitle>{t('classes.title')}</ScreenTitle>
      <LoadGate loaded={classes}>
        {(list) => {
          const live = list.filter((c) => !c.archived);
          if (!live.length) return <p>{t('classes.none')}</p>;
          return (
            <ul class="cc-cards">
              {live.map((c) => (
                <li key={c.id}>
                  <a class="cc-card" href={href({ name: 'assignments', classId: c.id })}>
                    <strong>{c.name}</strong>
                    <span>{t('classes.students', { count: c.studentCount })}</span>
                  </a>
                </li>
              ))}
            </ul>
          );
        }}
      </LoadGate>
    </>
  );
}
