/// <reference lib="webworker" />
/**
 * The service worker: wiring only (no business logic).
 * - Precache of the app shell (the build injects the list); old precaches are cleaned up.
 * - Navigations are answered with the precached index.html (offline start), except the
 *   server's own paths (/api, /files, /media).
 * - Lesson media (/media/*) cache-first in 'lesson-media', Range requests answered from the
 *   cached full response (audio seeking offline); only complete 200 answers are cached.
 * - Updates wait: a new worker stays 'waiting' until the page sends SKIP_WAITING (the student
 *   accepted) or every tab is closed (next cold start). Never skipWaiting on our own.
 * - The Background Sync `sync` event is forwarded to the open pages, which own the sync; with
 *   no page open the SW runs one cycle itself (src/sync/worker/background-sync.ts), kept alive
 *   by `waitUntil` (answers only: photos and recordings wait for the app, see there).
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { RangeRequestsPlugin } from 'workbox-range-requests';
import { ExpirationPlugin } from 'workbox-expiration';
import { cacheNames, clientsClaim } from 'workbox-core';
import type { PrecacheEntry } from 'workbox-precaching';
import { APP_VERSION } from './app-version.ts';
import { db } from '../db/db-instance.ts';
import { backgroundSync } from '../sync/worker/background-sync.ts';
import { GET_VERSION, LESSON_MEDIA_CACHE, SKIP_WAITING, type AppVersionReply, type SyncRequestedMessage } from './pwa-messages.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

/** Background Sync's event (not in TypeScript's WebWorker lib). */
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

/** Chromium's static routing (ServiceWorker `addRoutes`), not in TypeScript's lib yet. */
interface InstallEventWithRoutes extends ExtendableEvent {
  addRoutes?(rules: Array<{ condition: { urlPattern: string }; source: { cacheName: string } }>): Promise<void>;
}

/** Paths the school server answers itself: never replaced by the app shell. */
const SERVER_PATHS = [/^\/api\//, /^\/files\//, /^\/media\//];

// Hashed build files are answered by the browser straight from the precache, without waking
// this worker (Chromium's static routing): a faster cold start on a weak tablet. Elsewhere, or
// on a miss, the precache route below answers them as usual.
self.addEventListener('install', (event) => {
  const e = event as InstallEventWithRoutes;
  if (e.addRoutes) e.waitUntil(e.addRoutes([{ condition: { urlPattern: '/assets/*' }, source: { cacheName: cacheNames.precache } }]).catch(() => undefined));
});

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// The first install controls the open page at once (media caching works in the first session);
// an update still waits for SKIP_WAITING.
clientsClaim();

registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: SERVER_PATHS }));

registerRoute(
  ({ url, request }) => url.origin === self.location.origin && url.pathname.startsWith('/media/') && request.method === 'GET',
  new CacheFirst({
    cacheName: LESSON_MEDIA_CACHE,
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      new RangeRequestsPlugin(),
      // Lessons media can be large: bounded, and dropped first when storage runs out.
      new ExpirationPlugin({ maxEntries: 500, maxAgeSeconds: 180 * 24 * 3600, purgeOnQuotaError: true }),
    ],
  }),
);

self.addEventListener('message', (event) => {
  const type = (event.data as { type?: unknown } | null)?.type;
  if (type === SKIP_WAITING) void self.skipWaiting();
  if (type === GET_VERSION) {
    // The school server appends its build id to the sw.js it serves (server/http/static.ts).
    const build = (self as unknown as { __CARTABLE_BUILD__?: string }).__CARTABLE_BUILD__ ?? null;
    const reply: AppVersionReply = { type: 'app-version', version: APP_VERSION, build };
    event.ports[0]?.postMessage(reply);
  }
});

self.addEventListener('sync', (event) => {
  const e = event as SyncEvent;
  e.waitUntil(
    (async () => {
      const clients = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      if (clients.length > 0) {
        const message: SyncRequestedMessage = { type: 'sync-requested', tag: e.tag };
        for (const client of clients) client.postMessage(message);
        return;
      }
      // No page open: nobody else will send the work now.
      const outcome = await backgroundSync(db, { baseUrl: self.location.origin, appVersion: APP_VERSION }).catch((err: unknown) => err);
      // Read by support from the SW's console (and by tests/e2e/pwa-sync-wakeup.test.ts).
      (self as unknown as { lastBackgroundSync?: unknown }).lastBackgroundSync = outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : outcome;
    })(),
  );
});
