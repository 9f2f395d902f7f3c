/**
 * Page side of the service worker (workbox-window). Update policy:
 * - A new app version (the school server was updated) installs in the background and WAITS.
 * - The UI subscribes with `onUpdateAvailable` and shows « Nouvelle version disponible ».
 * - `applyUpdate()` runs only when the student accepts: it first awaits the `beforeUpdate`
 *   hooks (e.g. flush the draft being typed), then activates the new worker and reloads once
 *   it controls the page. Otherwise the waiting worker takes over at the next cold start.
 *   Nothing here reloads on its own, except inside the update window below (issue 16).
 * - Piloted by the school server (issue 16, update-policy.ts): the tablet checks in at each
 *   update check, and a waiting update is ALSO applied on its own inside the school's update
 *   window when nobody is using the tablet — still through `applyWaitingUpdate`, draft saved first.
 * - The SW's `sync-requested` messages (Background Sync wake-ups) reach `onSyncRequested`.
 * This module (and workbox-window) is a lazy chunk, loaded after the first screen is shown;
 * the state the UI reads lives in update-state.ts.
 */
import { Workbox } from 'workbox-window';
import type { SyncRequestedMessage } from './pwa-messages.ts';
import { beforeUpdateHooks, isUpdateWaiting, notifySyncRequested, setUpdateWaiting } from './update-state.ts';
import { applyIfAllowed, checkIn, startUpdatePolicy } from './update-policy.ts';
import { startAppHealth } from './app-health.ts';
import { APP_VERSION } from './app-version.ts';

/** How often an open app asks the school server whether a new version exists. */
const UPDATE_CHECK_INTERVAL_MS = 30 * 60 * 1000;

let workbox: Workbox | null = null;
let applying = false;
/** The tablet app, piloted by the school server; the console only gets the new worker. */
let piloted = false;

/**
 * Registers /sw.js (production builds only). Call once, from main.tsx, after the first render.
 * `tablet`: the tablet app, whose health, check-in and update window (issue 16) start here;
 * the console (a teacher's browser) is no tablet and never opens the tablet's database.
 */
export function registerServiceWorker({ tablet }: { tablet: boolean }, swUrl = '/sw.js'): void {
  if (!('serviceWorker' in navigator) || workbox) return;
  piloted = tablet;
  if (piloted) startAppHealth(APP_VERSION); // a screen has shown: this start did not fail
  workbox = new Workbox(swUrl, { scope: '/' });
  // Fires for a worker waiting at startup too (installed while another tab kept the old one).
  workbox.addEventListener('waiting', () => {
    setUpdateWaiting();
    if (piloted) void applyIfAllowed(applyWaitingUpdate);
  });
  workbox.addEventListener('message', (event) => {
    const data = event.data as { type?: string } | null;
    if (data?.type === 'sync-requested') notifySyncRequested(data as SyncRequestedMessage);
  });
  void workbox.register();
  if (piloted) startUpdatePolicy(applyWaitingUpdate);
  // Each check also reports to the school server and may apply an update it allows now.
  const check = () => void checkForUpdate().then(() => piloted && applyIfAllowed(applyWaitingUpdate));
  setInterval(check, UPDATE_CHECK_INTERVAL_MS);
  window.addEventListener('online', check);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
}

/** Asks the server for a newer service worker (a new app version). Harmless offline. */
export async function checkForUpdate(): Promise<void> {
  if (!workbox || !navigator.onLine) return;
  try {
    if (piloted) await checkIn(); // first: the answer sets the device cookie the sw.js request is served by
    await workbox.update();
  } catch {
    // Offline or the school server is unreachable: the next check will do.
  }
}

/**
 * The student accepted the new version: saves what the hooks save, activates the waiting
 * worker and reloads when it controls the page. Call ONLY from the student's explicit action.
 * Rejects — and does not reload — when a hook fails (e.g. storage full while saving the draft).
 */
export async function applyWaitingUpdate(): Promise<void> {
  if (!workbox || !isUpdateWaiting() || applying) return;
  applying = true; // a double tap must not queue two reloads
  try {
    for (const hook of beforeUpdateHooks) await hook();
  } catch (err) {
    // Something could not be saved: no reload (the draft comes first); the student may retry.
    applying = false;
    throw err;
  }
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration?.waiting) {
    // Another tab already accepted: the new version controls this page too; load its code.
    window.location.reload();
    return;
  }
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  workbox.messageSkipWaiting();
}
