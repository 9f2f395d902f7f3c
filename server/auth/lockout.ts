/**
 * Sign-in throttling: after MAX_FAILURES wrong passwords/secrets for one account, the
 * account is locked for a while, doubling with each further failure (capped). The lock is
 * per account, so one child mistyping cannot lock the whole class.
 */
import type { Tx } from '../store/repositories.ts';
import { fail } from '../domain/domain-error.ts';

export const MAX_FAILURES = 5;
const BASE_LOCK_MS = 60_000;
const MAX_LOCK_MS = 30 * 60_000;

/** Throws `account_locked` (with the minutes left and the lock's end) while the account is locked. */
export async function assertNotLocked(tx: Tx, key: string, at: Date): Promise<void> {
  const f = await tx.loginFailures.get(key);
  if (f?.lockedUntil && new Date(f.lockedUntil) > at) {
    const minutes = Math.max(1, Math.ceil((new Date(f.lockedUntil).getTime() - at.getTime()) / 60_000));
    throw fail('account_locked', { minutes }, { lockedUntil: f.lockedUntil });
  }
}

export async function recordFailure(tx: Tx, key: string, at: Date): Promise<void> {
  const prev = (await tx.loginFailures.get(key))?.failures ?? 0;
  const failures = prev + 1;
  const lockUntil = failures >= MAX_FAILURES ? new Date(at.getTime() + Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (failures - MAX_FAILURES))).toISOString() : null;
  await tx.loginFailures.record(key, at.toISOString(), lockUntil);
}
