/**
 * After a pull, the sync worker downloads the lesson media of every signed-in student into
 * the service worker's 'lesson-media' cache (one at a time, cached ones skipped), so lessons
 * play offline whether or not anyone opens the home screen. Each student's media are fetched
 * with their own token: the server checks the lesson is theirs.
 */
import type { CartableDb } from '../../db/schema.ts';
import { mediaUrlsFor } from '../../db/lesson-media.ts';
import { DEVICE_HEADER } from '../../protocol/wire.ts';
import { prefetchLessonMedia, type PrefetchSummary } from '../../media/prefetch-lesson-media.ts';

/** Warms the cache for every student with a live token; returns the summed counts (null: no Cache Storage here). */
export async function warmLessonMediaForSessions(db: CartableDb, baseUrl: string, signal?: AbortSignal): Promise<PrefetchSummary | null> {
  if (typeof caches === 'undefined') return null;
  const device = await db.device.get('device');
  if (!device) return null;
  const now = new Date().toISOString();
  const sessions = (await db.localSessions.toArray()).filter((s) => s.token && (!s.expiresAt || s.expiresAt > now));
  const total: PrefetchSummary = { fetched: 0, alreadyCached: 0, failed: 0 };
  for (const s of sessions) {
    const urls = await mediaUrlsFor(db, s.studentId);
    if (!urls.length) continue;
    const r = await prefetchLessonMedia(urls, {
      baseUrl: baseUrl || globalThis.location.origin,
      headers: { authorization: `Bearer ${s.token}`, [DEVICE_HEADER]: device.deviceToken },
      signal,
    });
    total.fetched += r.fetched; total.alreadyCached += r.alreadyCached; total.failed += r.failed;
  }
  return total;
}
