/**
 * Downloads lesson media once per device, into the Cache Storage the service worker reads
 * (cache 'lesson-media', cache-first, Range answered from the cached copy), so lessons play
 * offline. Runs in the sync worker or the page after a pull (`caches` exists in workers).
 * Media URLs are content-addressed and immutable: what is cached never needs refreshing.
 */
import { LESSON_MEDIA_CACHE } from '../pwa/pwa-messages.ts';

/** The service worker's lesson-media cache (one definition, in pwa-messages). */
export { LESSON_MEDIA_CACHE };

export interface PrefetchContext {
  /** Server origin (the URLs are `/media/<id>`). */
  baseUrl: string;
  /** Authorization + X-Cartable-Device of a signed-in student. */
  headers: Record<string, string>;
  signal?: AbortSignal;
}

export interface PrefetchSummary {
  fetched: number;
  alreadyCached: number;
  failed: number;
}

/** Fetches and caches every URL not already in the cache, one at a time (the hotspot is shared). */
export async function prefetchLessonMedia(urls: string[], ctx: PrefetchContext): Promise<PrefetchSummary> {
  const cache = await caches.open(LESSON_MEDIA_CACHE);
  const summary: PrefetchSummary = { fetched: 0, alreadyCached: 0, failed: 0 };
  for (const u of new Set(urls)) {
    if (ctx.signal?.aborted) break;
    const url = new URL(u, ctx.baseUrl).toString();
    if (await cache.match(url)) {
      summary.alreadyCached++;
      continue;
    }
    try {
      const res = await fetch(url, { headers: ctx.headers, signal: ctx.signal, cache: 'no-store' });
      // Only a whole, successful answer is kept (never a 206 piece or an error page).
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      await cache.put(url, res);
      summary.fetched++;
    } catch {
      summary.failed++;
    }
  }
  return summary;
}
