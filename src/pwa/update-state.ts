/**
 * The app-update state the page shows (« Nouvelle version disponible ») and the hooks that
 * run before an update reloads the page, without workbox-window: the registration itself
 * (register.ts) is a lazy chunk loaded after the first screen, so the first screen's
 * JavaScript does not carry it. Policy: see register.ts.
 */
import type { SyncRequestedMessage } from './pwa-messages.ts';

type Listener = () => void;

let updateWaiting = false;
const updateListeners = new Set<Listener>();
const syncListeners = new Set<(message: SyncRequestedMessage) => void>();
/** Run, in order, before an accepted update reloads the page. */
export const beforeUpdateHooks = new Set<() => Promise<void> | void>();

/** A new version is installed and waiting (called by register.ts). */
export function setUpdateWaiting(): void {
  if (updateWaiting) return;
  updateWaiting = true;
  for (const listener of updateListeners) listener();
}

/** The service worker relayed a Background Sync wake-up (called by register.ts). */
export function notifySyncRequested(message: SyncRequestedMessage): void {
  for (const listener of syncListeners) listener(message);
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
 * The student accepted the new version (call ONLY from their explicit action): see
 * register.ts `applyUpdate`. Rejects — and does not reload — when a hook fails.
 */
export async function applyUpdate(): Promise<void> {
  const { applyWaitingUpdate } = await import('./register.ts');
  return applyWaitingUpdate();
}

// ---- « Mise à jour nécessaire » (issue 16: update-policy.ts, a lazy chunk, decides it) ----

/** Kept across starts: the banner shows at once, offline too. Only a flag here: the first screen carries no policy code. */
const REQUIRED_KEY = 'cartable.updateRequired';
const requiredListeners = new Set<Listener>();
let required = (() => {
  try {
    return localStorage.getItem(REQUIRED_KEY) === '1';
  } catch {
    return false;
  }
})();

/** This build is older than the school's minimum supported version. */
export function isBelowMinimumVersion(): boolean {
  return required;
}

/** Called by update-policy.ts after each check-in. */
export function setBelowMinimumVersion(next: boolean): void {
  try {
    localStorage.setItem(REQUIRED_KEY, next ? '1' : '0');
  } catch {
    // storage blocked: it holds until the page closes
  }
  if (next === required) return;
  required = next;
  for (const listener of requiredListeners) listener();
}

/** Calls `listener` when that changes. Returns an unsubscribe. */
export function onBelowMinimumVersion(listener: Listener): () => void {
  requiredListeners.add(listener);
  return () => requiredListeners.delete(listener);
}
