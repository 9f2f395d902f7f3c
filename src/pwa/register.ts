/**
 * Page side of the service worker (workbox-window). Update policy:
 * - A new app version (the school server was updated) installs in the background and WAITS.
 * - The UI subscribes with `onUpdateAvailable` and shows « Nouvelle version disponible ».
 * - `applyUpdate()` runs only when the student accepts: it first awaits the `beforeUpdate`
 *   hooks (e.g. flush the draft being typed), then activates the new worker and reloads once
 *   it controls the page. Otherwise the waiting worker takes over at the next cold start.
 *   Nothing here ever reloads on its own.
 * - The SW's `sync-requested` messages (Background Sync wake-ups) reach `onSyncRequested`.
 */
import { Workbox } from 'workbox-window';
import type { SyncRequestedMessage } from './pwa-messages.ts';

type Listener = () => void;

/** How often an open app asks the school server whether a new version exists. */
const UPDATE_CHECK_INTERVAL_MS = 30 * 60 * 1000;

let workbox: Workbox | null = null;
let updateWaiting = false;
let applying = false;
const updateListeners = new Set<Listener>();
const syncListeners = new Set<(message: SyncRequestedMessage) => void>();
const beforeUpdateHooks = new Set<() => Promise<void> | void>();

function setWaiting() {
  if (updateWaiting) return;
  updateWaiting = true;
  for (const listener of updateListeners) listener();
}

/** Registers /sw.js (production builds only). Call once, from main.tsx. */
export function registerServiceWorker(swUrl = '/sw.js'): void {
  if (!('serviceWorker' in navigator) || workbox) return;
  workbox = new Workbox(swUrl, { scope: '/' });
  // Fires for a worker waiting at startup too (installed while another tab kept the old one).
  workbox.addEventListener('waiting', setWaiting);
  workbox.addEventListener('message', (event) => {
    const data = event.data as { type?: string } | null;
    if (data?.type === 'sync-requested') for (const listener of syncListeners) listener(data as SyncRequestedMessage);
  });
  void workbox.register();
  const check = () => void checkForUpdate();
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
    await workbox.update();
  } catch {
    // Offline or the school server is unreachable: the next check will do.
  }
}

/** True once a new version is installed and waiting for the student's acceptance. */
export function isUpdateWaiting(): boolean {
  return updateWaiting;
}

/** Calls `listener` when a new version is waiting (at once if one already is). Returns an unsubscribe. */
export function onUpdateAvailable(listener: Listener): () => void {
  updateListeners.add(listener);
  if (updateWaiting) listener();
  return () => updateListeners.delete(listener);
}

/** Work to finish before the update reloads the page (e.g. save the draft being typed). */
export function beforeUpdate(hook: () => Promise<void> | void): () => void {
  beforeUpdateHooks.add(hook);
  return () => beforeUpdateHooks.delete(hook);
}

/** Background Sync woke the service worker: the listener should run a sync. */
export function onSyncRequested(listener: (message: SyncRequestedMessage) => void): () => void {
  syncListeners.add(listener);
  return () => syncListeners.delete(listener);
}

/**
 * The student accepted the new version: saves what the hooks save, activates the waiting
 * worker and reloads when it controls the page. Call ONLY from the student's explicit action.
 * Rejects — and does not reload — when a hook fails (e.g. storage full while saving the draft).
 */
export async function applyUpdate(): Promise<void> {
  if (!workbox || !updateWaiting || applying) return;
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
