/** Lesson reader: the lesson's Markdown (sanitised), its images and audio (cached offline by the SW). */
import { useEffect, useState } from 'preact/hooks';
import type { CartableDb } from '../../db/schema.ts';
import type { Lesson } from '../../protocol/entities.ts';
import { warmLessonMedia } from './warm-lesson-media.ts';
import { useLiveQuery } from '../common/use-live-query.ts';
import { visibleLesson, type StudentScope } from '../common/student-scope.ts';
import { MarkdownView } from '../markdown/markdown-view.tsx';
import { NotFoundMessage } from '../common/not-found-message.tsx';
import { BackLink } from '../common/back-link.tsx';
import { useFocusOnMount } from '../common/use-focus-on-mount.ts';
import { t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

export function LessonScreen({ db, scope, lessonId }: { db: CartableDb; scope: StudentScope; lessonId: string }) {
  const lesson = useLiveQuery(async () => ({ value: await visibleLesson(db, scope, lessonId) }), [db, scope, lessonId]);
  // Media first into the offline cache (a few seconds at most), then the lesson with its images.
  const [mediaReady, setMediaReady] = useState(false);
  const found = lesson?.value ?? null;
  useEffect(() => {
    if (!found) return;
    let live = true;
    const done = () => live && setMediaReady(true);
    const timer = setTimeout(done, 5_000);
    warmLessonMedia(db, scope.studentId, [found]).then(done, done);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [found?.id, found?.version]);
  if (!lesson || (found && !mediaReady)) return <p>{t('app.loading')}</p>;
  const l = lesson.value;
  if (!l) return <NotFoundMessage />;
  return <LessonArticle lesson={l} />;
}

function LessonArticle({ lesson: l }: { lesson: Lesson }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <article aria-labelledby="lesson-title">
      <BackLink />
      <h1 id="lesson-title" tabIndex={-1} ref={heading}>{l.title}</h1>
      <div class="card">
        <MarkdownView markdown={l.bodyMarkdown} />
      </div>
      {l.media.length > 0 && (
        <section class="card lesson-media" aria-labelledby="lesson-media">
          <h2 id="lesson-media">{t('lesson.media')}</h2>
          {l.media.map((m) =>
            m.kind === 'image' ? (
              <figure key={m.id}>
                <img src={m.url} alt={m.name} loading="lazy" />
                <figcaption>{m.name}</figcaption>
              </figure>
            ) : (
              <figure key={m.id}>
                <figcaption>{m.name}</figcaption>
                <audio controls preload="none" src={m.url} />
              </figure>
            ),
          )}
        </section>
      )}
    </article>
  );
}
