/**
 * Sign-in throttling (docs/SECURITY.md has the arithmetic). Every attempt is charged to its
 * counters when it STARTS, inside one write transaction (`reserveAttempt`), so that
 * concurrent guesses cannot all slip past the check: once a counter reaches its free
 * attempts it locks, and no further guess is verified — not even the right one — until the
 * lock ends. Then each further attempt locks again, twice as long (1 min, 2, 4 … capped at
 * an hour). A success clears the counters; a counter untouched for a day starts again.
 *
 * Counters:
 * - a student: `student:<id>` — 5 free attempts. At most 33 guesses in a first day and 24 a
 *   day after that on one secret, whatever the number of tablets or addresses.
 * - a teacher / IT referent signing in from a browser that already signed in as them
 *   (it holds a known-browser key, known-browser.ts): `user:<login>:browser:<id>` only —
 *   a stranger's guesses elsewhere never lock them out there.
 * - the same from any other browser: `user:<login>:addr:<address>` (5 free: one address
 *   cannot lock another out) and `user:<login>:unknown` (20 free: all unknown browsers
 *   together, bounding a guesser who changes address).
 * The IT referent lifts locks with `npm run admin -- unlock`.
 */
import type { Tx } from '../store/repositories.ts';
import { fail } from '../domain/domain-error.ts';

/** Free attempts of an account's own counter (student, teacher per address or per known browser). */
export const MAX_FAILURES = 5;
/** Free attempts of a teacher's counter shared by every browser that is not known to them. */
export const UNKNOWN_BROWSER_FAILURES = 20;
export const BASE_LOCK_MS = 60_000;
export const MAX_LOCK_MS = 60 * 60_000;
/** A counter with no attempt for this long starts again from zero. */
export const FORGET_AFTER_MS = 24 * 3600_000;

/** One counter an attempt is charged to, and how many attempts it lets through before locking. */
export interface AttemptCounter {
  key: string;
  free: number;
}

/** The lock set by the n-th attempt of a counter with `free` free attempts (null: none yet). */
export const lockAfter = (free: number, at: Date, attempt: number): string | null =>
  attempt < free ? null : new Date(at.getTime() + Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (attempt - free))).toISOString();

/**
 * The address a counter is kept for: an IPv4 address, or the /64 of an IPv6 one (a host
 * gets a whole /64 and can pick any address in it).
 */
export function addressKey(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4) return v4[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export function userCounters(login: string, from: { address: string; knownBrowserId: string | null }): AttemptCounter[] {
  const l = login.toLowerCase();
  if (from.knownBrowserId) return [{ key: `user:${l}:browser:${from.knownBrowserId}`, free: MAX_FAILURES }];
  return [
    { key: `user:${l}:addr:${addressKey(from.address)}`, free: MAX_FAILURES },
    { key: `user:${l}:unknown`, free: UNKNOWN_BROWSER_FAILURES },
  ];
}

export const studentCounters = (studentId: string): AttemptCounter[] => [{ key: `student:${studentId}`, free: MAX_FAILURES }];

/**
 * Charges the attempt to its counters (call inside a write transaction, before checking the
 * secret). Throws `account_locked` when one of them is locked: nothing is charged then.
 */
export async function reserveAttempt(tx: Tx, counters: AttemptCounter[], at: Date): Promise<void> {
  const iso = at.toISOString();
  const forgetBefore = new Date(at.getTime() - FORGET_AFTER_MS).toISOString();
  const rows = await Promise.all(counters.map(async (c) => ({ c, row: await tx.loginFailures.get(c.key) })));
  const locked = rows.map(({ row }) => row?.lockedUntil ?? null).filter((l): l is string => !!l && l > iso).sort().at(-1);
  if (locked) {
    const minutes = Math.max(1, Math.ceil((new Date(locked).getTime() - at.getTime()) / 60_000));
    throw fail('account_locked', { minutes }, { lockedUntil: locked });
  }
  for (const { c, row } of rows) {
    const attempt = (!row || row.lastAttemptAt < forgetBefore ? 0 : row.failures) + 1;
    await tx.loginFailures.set(c.key, attempt, iso, lockAfter(c.free, at, attempt));
  }
}

/** After a success: the counters start again. */
export async function clearAttempts(tx: Tx, counters: AttemptCounter[]): Promise<void> {
  for (const c of counters) await tx.loginFailures.clear(c.key);
}
