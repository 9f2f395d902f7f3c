/**
 * The service worker's own sync: the browser fired Background Sync (the network came back)
 * and no page of the app is open, so nobody else will send the work. One cycle of the same
 * engine, under the same device-wide Web Lock as the sync worker (never two syncs at once),
 * kept alive by the SW's `event.waitUntil`.
 *
 * Photos and recordings are not sent from here: tus-js-client's browser transport is
 * XMLHttpRequest, which a service worker does not have. With any attachment waiting, the SW
 * leaves the whole cycle to the next page (a submission pushed before its photo would be
 * refused); the answers-only case — the common one after a session offline — goes out at once.
 */
import type { CartableDb } from '../../db/schema.ts';
import { SyncEngine, type CycleOutcome } from './sync-engine.ts';
import { createSyncLock } from './sync-lock.ts';
import { attachmentsToSend } from '../../db/attachments-to-send.ts';

export type BackgroundSyncResult = CycleOutcome | 'attachments-wait-for-the-app' | 'another-sync-running';

/** Runs one sync cycle without a page (see above). */
export async function backgroundSync(db: CartableDb, o: { baseUrl: string; appVersion: string; fetch?: typeof fetch }): Promise<BackgroundSyncResult> {
  // A photo deleted or retaken since, that no save names any more, does not hold the answers back.
  if ((await attachmentsToSend(db)).length > 0) return 'attachments-wait-for-the-app';
  const engine = new SyncEngine({ db, baseUrl: o.baseUrl, appVersion: o.appVersion, fetch: o.fetch, uploader: null });
  return (await createSyncLock().tryRun(() => engine.runCycle())) ?? 'another-sync-running';
}
