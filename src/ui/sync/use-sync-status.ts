/**
 * The sync status the student sees, straight from the sync worker through the page's one
 * sync layer (src/sync/page/sync-bridge.ts, which owns the worker and remembers who is
 * signed in). This hook keeps no copy of any reading: what is waiting, for whom, and when
 * the last sync succeeded are the worker's (db/waiting-summary.ts, for the signed-in pupil).
 * The bridge (Comlink + the worker) is loaded after the first screen shows, outside the
 * initial bundle; until its first status arrives the bar says sync is getting ready.
 */
import { useEffect, useState } from 'preact/hooks';
import type { DeviceRow } from '../../db/schema.ts';
import type { SyncStatus } from '../../sync/page/sync-bridge.ts';
import { APP_VERSION } from '../../pwa/app-version.ts';
import { whenFirstScreenShown } from '../common/first-screen.ts';
import { toStatusView, UNAVAILABLE_STATUS, type SyncStatusView } from './sync-status-view.ts';

/** The bridge, after the first screen (the module system keeps its one instance). */
const bridge = () => whenFirstScreenShown().then(() => import('../../sync/page/sync-bridge.ts'));

/** Status for the sync bar and the storage panel; starts the sync loop once the tablet is enrolled. */
export function useSyncStatus(device: DeviceRow | null): SyncStatusView {
  const [engine, setEngine] = useState<SyncStatus | null>(null);
  const enrolled = !!device;
  useEffect(() => {
    if (!enrolled) return;
    let off: (() => void) | null = null;
    let live = true;
    bridge().then(
      async (b) => {
        // The uploader resolves URLs against it: an absolute origin, not ''.
        await b.startSync({ baseUrl: location.origin, appVersion: APP_VERSION });
        if (live) off = b.subscribeSyncStatus((s) => setEngine(s));
      },
      (err: unknown) => console.error('sync bridge failed to start', err),
    );
    return () => {
      live = false;
      off?.();
    };
  }, [enrolled]);
  if (!device) return UNAVAILABLE_STATUS;
  return engine ? toStatusView(engine, null) : UNAVAILABLE_STATUS;
}

/** Tells the sync worker which student is signed in (null: nobody). */
export function syncActiveStudent(studentId: string | null): void {
  void bridge().then((b) => b.setActiveStudent(studentId));
}

/** Syncs now: the student's "Synchroniser" button, or work just handed in. */
export function requestSync(reason: 'button' | 'local-change' = 'button'): void {
  void bridge().then((b) => b.syncNow(reason));
}

/** A local save happened: the worker updates "waiting" at once and sends it a few seconds later. */
export function notifyLocalChange(): void {
  void bridge().then((b) => b.notifyLocalChange());
}
