/** Lesson reader: the lesson's Markdown (sanitised), its images and audio (cached offline by the SW), and the assignments that revise it. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ImageViewer } from '../common/image-viewer.tsx';
import type { CartableDb } from '../../db/schema.ts';
import type { Assignment, Lesson } from '../../protocol/entities.ts';
import { warmLessonMedia } from './warm-lesson-media.ts';
import { useLiveQuery } from '../common/use-live-query.ts';
import { visibleAssignments, visibleLesson, type StudentScope } from '../common/student-scope.ts';
import { onLinkClick } from '../common/router.ts';
import { MarkdownView } from '../markdown/markdown-view.tsx';
import { NotFoundMessage } from '../common/not-found-message.tsx';
import { BackLink } from '../common/back-link.tsx';
import { useFocusOnMount } from '../common/use-focus-on-mount.ts';
import { t } from '../../i18n/i18n.ts';
import { isFileName, mediaLabel } from '../common/media-label.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

export function LessonScreen({ db, scope, lessonId }: { db: CartableDb; scope: StudentScope; lessonId: string }) {
  const lesson = useLiveQuery(async () => {
    const value = await visibleLesson(db, scope, lessonId);
    // The assignments of this pupil that name this lesson (« Revoir la leçon » leads here; this leads back).
    const linked = value ? (await visibleAssignments(db, scope)).filter((a) => a.lessonId === value.id).sort((a, b) => a.title.localeCompare(b.title, 'fr')) : [];
    return { value, linked };
  }, [db, scope, lessonId]);
  // Media first into the offline cache (a few seconds at most), then the lesson with its images.
  const [mediaReady, setMediaReady] = useState(false);
  const found = lesson?.value ?? null;
  useEffect(() => {
    if (!found) return;
    let live = true;
    const done = () => live && setMediaReady(true);
    const timer = setTimeout(done, 10_000);
    warmLessonMedia(db, scope.studentId, [found]).then(done, done);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [found?.id, found?.version]);
  if (!lesson || (found && !mediaReady)) return <p>{t('app.loading')}</p>;
  const l = lesson.value;
  if (!l) return <NotFoundMessage />;
  return <LessonArticle lesson={l} linked={lesson.linked} />;
}

function LessonArticle({ lesson: l, linked }: { lesson: Lesson; linked: Assignment[] }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [open, setOpen] = useState<{ src: string; alt: string } | null>(null);
  const body = useRef<HTMLDivElement>(null);
  const images = l.media.filter((m) => m.kind === 'image');
  // The lesson's pictures open full screen on a tap, or Enter / Space once focused.
  useEffect(() => {
    for (const img of Array.from(body.current?.querySelectorAll('img') ?? [])) {
      img.tabIndex = 0;
      img.classList.add('zoomable');
      // The teacher's description is the picture's alternative text, whatever the Markdown says
      // (often the file name, written there at upload); an undescribed one is « Image n », never its file name.
      const m = l.media.find((x) => x.kind === 'image' && img.getAttribute('src') === x.url);
      if (m && (m.description?.trim() || isFileName(img.alt, m))) img.alt = mediaLabel(m, images.indexOf(m) + 1);
    }
  });
  const openFrom = (e: Event) => {
    const img = e.target;
    if (!(img instanceof HTMLImageElement)) return;
    if (e instanceof KeyboardEvent && e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    setOpen({ src: img.currentSrc || img.src, alt: img.alt });
  };
  return (
    <article aria-labelledby="lesson-title">
      <BackLink />
      <h1 id="lesson-title" tabIndex={-1} ref={heading}>{l.title}</h1>
      <div class="card" ref={body} onClick={openFrom} onKeyDown={openFrom}>
        <MarkdownView markdown={l.bodyMarkdown} />
      </div>
      {l.media.length > 0 && (
        <section class="card lesson-media" aria-labelledby="lesson-media">
          <h2 id="lesson-media">{t('lesson.media')}</h2>
          {l.media.map((m) =>
            m.kind === 'image' ? (
              <figure key={m.id}>
                <button type="button" class="image-open" onClick={() => setOpen({ src: m.url, alt: mediaLabel(m, images.indexOf(m) + 1) })} aria-label={t('image.open', { name: mediaLabel(m, images.indexOf(m) + 1) })}>
                  <img src={m.url} alt="" loading="lazy" />
                </button>
                <figcaption>{mediaLabel(m, images.indexOf(m) + 1)}</figcaption>
              </figure>
            ) : (
              <figure key={m.id}>
                <figcaption id={`sound-${m.id}`}>{t('media.sound', { name: mediaLabel(m) })}</figcaption>
                <audio controls preload="metadata" src={m.url} aria-labelledby={`sound-${m.id}`} />
              </figure>
            ),
          )}
        </section>
      )}
      {linked.length > 0 && (
        <section class="card" aria-labelledby="lesson-assignments">
          <h2 id="lesson-assignments">{t('lesson.assignments')}</h2>
          <ul class="item-list">
            {linked.map((a) => (
              <li key={a.id}>
                <a class="item-link" href={`/assignments/${encodeURIComponent(a.id)}`} onClick={onLinkClick}><span class="title">{a.title}</span></a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {open && <ImageViewer src={open.src} alt={open.alt} onClose={() => setOpen(null)} />}
    </article>
  );
}
