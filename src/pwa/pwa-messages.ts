/**
 * Messages between the service worker and the page (both directions). One place, so the
 * SW and the page cannot drift apart. No DOM or worker types here: both sides import it.
 */

/** Page → SW: activate the waiting worker now (sent only after the student accepts). */
export const SKIP_WAITING = 'SKIP_WAITING';
/** Page → SW: answer on the given MessagePort with the SW's `AppVersionReply`. */
export const GET_VERSION = 'GET_VERSION';

/** SW → page: the browser woke us (Background Sync `sync` event): run a sync now. */
export interface SyncRequestedMessage {
  type: 'sync-requested';
  tag: string;
}

/** SW → page, reply to GET_VERSION. */
export interface AppVersionReply {
  type: 'app-version';
  version: string;
  /** The build the school server served this worker as (issue 16), null when it serves dist/ unregistered; absent from older workers. */
  build?: string | null;
}

/** Runtime cache of lesson media (/media/*): the page may warm it (`caches.open(...).add(url)`). */
export const LESSON_MEDIA_CACHE = 'lesson-media';

/** Background Sync tag the page registers to be woken when the network comes back. */
export const SYNC_TAG = 'cartable-sync';
