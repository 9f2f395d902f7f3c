/**
 * Known-browser keys (OWASP's "device cookies"): after a teacher or IT referent signs in,
 * the answer carries a key that this browser keeps (localStorage, per login) and sends with
 * its next sign-ins. A browser that holds a valid key for the account is throttled on its
 * own counter (lockout.ts), so a stranger guessing from elsewhere can lock out unknown
 * browsers but never the teacher's own mini-PC or home computer. The key grants nothing
 * else: no session, no password.
 *
 * Stateless: `<issued, base36>.<HMAC(server key, user id, issued, password hash)>`. A new
 * password (or a hash upgrade) invalidates every key of the account; a key lasts a year.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { currentServerKey } from './server-key.ts';

export const KNOWN_BROWSER_TTL_MS = 365 * 24 * 3600_000;

const mac = (user: { id: string; passwordHash: string }, issued: string) =>
  createHmac('sha256', currentServerKey().key).update(`cartable-known-browser\0${user.id}\0${issued}\0${user.passwordHash}`).digest().subarray(0, 18).toString('base64url');

export function issueKnownBrowserKey(user: { id: string; passwordHash: string }, at: Date): string {
  const issued = at.getTime().toString(36);
  return `${issued}.${mac(user, issued)}`;
}

/** The key's id (a counter name) when it is valid for this user, else null. */
export function knownBrowserId(user: { id: string; passwordHash: string }, key: string | undefined, at: Date): string | null {
  const m = key ? /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{24})$/.exec(key) : null;
  if (!m) return null;
  const issuedMs = parseInt(m[1]!, 36);
  if (!(issuedMs <= at.getTime() + 60_000 && at.getTime() - issuedMs < KNOWN_BROWSER_TTL_MS)) return null;
  const expected = Buffer.from(mac(user, m[1]!));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? m[2]!.slice(0, 12) : null;
}
