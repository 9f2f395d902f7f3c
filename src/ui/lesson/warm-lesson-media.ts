/**
 * Lesson images and audio need the student's credentials (the server checks the lesson is
 * theirs), which an <img> cannot send: the page fetches them once with the headers into the
 * service worker's cache, and the SW then serves them to <img>/<audio>, also offline.
 */
import type { CartableDb } from '../../db/schema.ts';
import type { Lesson } from '../../protocol/entities.ts';
import { DEVICE_HEADER } from '../../protocol/wire.ts';
import { lessonMediaUrls } from '../../db/lesson-media.ts';
import { prefetchLessonMedia, type PrefetchSummary } from '../../media/prefetch-lesson-media.ts';

export { lessonMediaUrls } from '../../db/lesson-media.ts';

/** Caches the media of `lessons` for the signed-in student (cached ones are skipped). */
export function warmLessonMedia(db: CartableDb, studentId: string, lessons: Array<Pick<Lesson, 'media' | 'bodyMarkdown'>>): Promise<PrefetchSummary | null> {
  return warmMediaUrls(db, studentId, lessons.flatMap(lessonMediaUrls));
}

/** Caches these lesson media URLs (from `lessonMediaUrls`) for the signed-in student. */
export async function warmMediaUrls(db: CartableDb, studentId: string, urls: readonly string[]): Promise<PrefetchSummary | null> {
  if (urls.length === 0 || typeof caches === 'undefined') return null;
  const [session, device] = await Promise.all([db.localSessions.get(studentId), db.device.get('device')]);
  if (!session?.token || !device) return null;
  const summary = await prefetchLessonMedia([...urls], {
    baseUrl: location.origin,
    headers: { authorization: `Bearer ${session.token}`, [DEVICE_HEADER]: device.deviceToken },
    signal: AbortSignal.timeout(60_000),
  });
  await whenControlled(5_000);
  return summary;
}

/**
 * The cache serves <img>/<audio> only once the service worker controls the page. On a new
 * tablet's first minutes it may still be installing (it registers after the first screen):
 * an <img> shown before then goes to the server without credentials and gets a 401, a broken
 * picture until the next visit. Waits for the worker to take control, at most `maxMs`.
 */
function whenControlled(maxMs: number): Promise<void> {
  const sw = typeof navigator === 'undefined' ? undefined : navigator.serviceWorker;
  if (!import.meta.env.PROD || !sw || sw.controller) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(done, maxMs);
    sw.addEventListener('controllerchange', () => {
      clearTimeout(timer);
      done();
    }, { once: true });
  });
}
