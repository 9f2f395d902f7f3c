/**
 * Sign-in throttling: after MAX_FAILURES wrong passwords/secrets for one account, the
 * account is locked for a while, doubling with each further failure (capped). The lock is
 * per account, so one child mistyping cannot lock the whole class.
 */
import type { AuthStore } from '../store/auth-store.ts';
import { HttpError } from '../errors.ts';

export const MAX_FAILURES = 5;
const BASE_LOCK_MS = 60_000;
const MAX_LOCK_MS = 30 * 60_000;

export async function assertNotLocked(store: AuthStore, key: string, at: Date): Promise<void> {
  const f = await store.loginFailure(key);
  if (f?.lockedUntil && new Date(f.lockedUntil) > at) {
    const minutes = Math.max(1, Math.ceil((new Date(f.lockedUntil).getTime() - at.getTime()) / 60_000));
    throw new HttpError(423, 'locked', `Too many wrong attempts. Try again in ${minutes} minute(s) or ask your teacher.`, { lockedUntil: f.lockedUntil });
  }
}

export async function recordFailure(store: AuthStore, key: string, at: Date): Promise<void> {
  const prev = (await store.loginFailure(key))?.failures ?? 0;
  const failures = prev + 1;
  const lockUntil = failures >= MAX_FAILURES ? new Date(at.getTime() + Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (failures - MAX_FAILURES))).toISOString() : null;
  await store.recordLoginFailure(key, at.toISOString(), lockUntil);
}
