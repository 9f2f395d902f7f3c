/**
 * One sync at a time per device: a Web Lock ('cartable-sync') spans every tab and worker of
 * the origin. Where Web Locks are missing (Node tests, old browsers) an in-process flag
 * stands in. A sync that finds the lock held is skipped (the holder is already syncing).
 */
export const SYNC_LOCK_NAME = 'cartable-sync';

interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable: true }, cb: (lock: unknown) => Promise<T>): Promise<T>;
}

export interface SyncLock {
  /** Runs `fn` holding the lock; resolves `null` without running it when the lock is held. */
  tryRun<T>(fn: () => Promise<T>): Promise<T | null>;
}

export function createSyncLock(locks: LockManagerLike | null | undefined = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks): SyncLock {
  if (locks) {
    return { tryRun: (fn) => locks.request(SYNC_LOCK_NAME, { ifAvailable: true }, (lock) => (lock ? fn() : Promise.resolve(null))) };
  }
  let busy = false;
  return {
    async tryRun(fn) {
      if (busy) return null;
      busy = true;
      try {
        return await fn();
      } finally {
        busy = false;
      }
    },
  };
}
