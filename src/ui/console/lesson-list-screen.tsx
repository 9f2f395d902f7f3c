/** The class's lessons; « Nouvelle leçon » creates a draft and opens it. */
import { useState } from 'preact/hooks';
import { go, href, useConsole } from './console-context.ts';
import { formatDate, useConsoleI18n } from './console-i18n.ts';
import { ErrorBox, LoadGate, ScreenTitle } from './console-widgets.tsx';
import { useLoad } from './use-load.ts';

export function LessonListScreen(props: { classId: string; className: string }) {
  const { api } = useConsole();
  const { t, lang, te } = useConsoleI18n();
  const loaded = useLoad(() => api.lessons(props.classId), [props.classId]);
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    try {
      const l = await api.createLesson(props.classId, { title: t('lessons.new'), bodyMarkdown: '' });
      go({ name: 'lesson-edit', classId: props.classId, lessonId: l.id });
    } catch (e) {
      setError(te(e));
    }
  };
  return (
    <>
      <ScreenTitle>{t('lessons.title', { className: props.className })}</ScreenTitle>
      <p><button type="button" class="cc-primary" onClick={() => void create()}>{t('lessons.new')}</button></p>
      {error && <ErrorBox error={error} />}
      <LoadGate loaded={loaded}>
        {(lessons) => lessons.length ? (
          <ul class="cc-list">
            {[...lessons].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).map((l) => (
              <li key={l.id} class="cc-list-item">
                <h2 class="cc-item-title"><a href={href({ name: 'lesson-edit', classId: props.classId, lessonId: l.id })}>{l.title}</a></h2>
                <p><span class={`cc-badge cc-badge-${l.status}`}>{l.status === 'draft' ? t('status.draft') : t('status.published')}</span> {t('lessons.updatedOn', { date: formatDate(l.updatedAt, lang) })}</p>
              </li>
            ))}
          </ul>
        ) : <p>{t('lessons.none')}</p>}
      </LoadGate>
    </>
  );
}
