/**
 * The tablet's enrolment and its students' local sessions (db.device, db.localSessions,
 * and the roster in db.classes / db.students for the sign-in grid).
 *
 * Policy:
 * - A student who signed in once online keeps a PBKDF2-SHA-256 verifier of their secret,
 *   so they can sign in again offline on this tablet. The secret itself is never stored.
 * - Wrong secrets are slowed down on the tablet too: no delay for the first 3, then a
 *   delay that doubles (5 s, 10 s, 20 s…), and a 15-minute lock from the 8th.
 * - Which student is active is a per-tablet pointer (localStorage), so a reload keeps the
 *   student signed in; "Changer d'élève" clears it and keeps their token, so their
 *   unsynced work still goes out.
 */
import type { CartableDb, DeviceRow, LocalSessionRow } from './schema.ts';
import type { StudentCard } from '../protocol/entities.ts';
import type { DeviceRoster, EnrolResponse } from '../protocol/console.ts';
import { rememberServerProtocol } from './server-protocol.ts';

export const PBKDF2_ITERATIONS = 150_000;
/** Failures allowed before the tablet slows down. */
export const FREE_ATTEMPTS = 3;
export const FIRST_DELAY_MS = 5_000;
export const LOCK_AFTER = 8;
export const LOCK_MS = 15 * 60_000;
const ACTIVE_KEY = 'cartable.activeStudent';

export type Verifier = NonNullable<LocalSessionRow['verifier']>;

export function getDevice(db: CartableDb): Promise<DeviceRow | undefined> {
  return db.device.get('device');
}

/**
 * Stores this tablet's enrolment (one row), and the server's protocol when its answer said it
 * (`serverProtocol`): the first sync then sends its pull at once instead of asking first.
 */
export async function saveEnrolment(db: CartableDb, enrol: EnrolResponse & { serverProtocol?: number | null }, name: string, at = new Date()): Promise<DeviceRow> {
  const row: DeviceRow = {
    key: 'device',
    deviceId: enrol.deviceId,
    deviceToken: enrol.deviceToken,
    schoolId: enrol.schoolId,
    classId: enrol.classId,
    name,
    enrolledAt: at.toISOString(),
    nextSeq: 1,
  };
  await db.transaction('rw', db.device, db.attachments, db.syncState, async () => {
    const existing = await db.device.get('device');
    if (enrol.serverProtocol) await rememberServerProtocol(db, enrol.serverProtocol);
    // Re-enrolling keeps the seq counter moving forward (mutation seqs only increase).
    if (existing) row.nextSeq = Math.max(row.nextSeq, existing.nextSeq);
    await db.device.put(row);
    // Enrolled again after a withdrawal: what the refusal held back goes out (issue 19).
    if (existing) await retryTabletRefusedUploads(db);
  });
  return row;
}

/** Replaces the sign-in roster: classes and students (archived ones are kept but not shown). */
export async function saveRoster(db: CartableDb, roster: DeviceRoster): Promise<void> {
  await db.transaction('rw', db.classes, db.students, async () => {
    await db.classes.bulkPut(roster.classes);
    await db.students.bulkPut(roster.students);
    const ids = new Set(roster.students.map((s) => s.id));
    const gone = (await db.students.toArray()).filter((s) => !ids.has(s.id)).map((s) => ({ ...s, archived: true }));
    await db.students.bulkPut(gone);
  });
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

async function pbkdf2(secret: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return toBase64(new Uint8Array(bits));
}

/** A fresh salted PBKDF2 verifier of `secret` (WebCrypto). */
export async function deriveVerifier(secret: string, iterations = PBKDF2_ITERATIONS): Promise<Verifier> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { salt: toBase64(salt), hash: await pbkdf2(secret, salt, iterations), iterations };
}

/** Constant-time comparison of `secret` against a stored verifier. */
export async function checkVerifier(secret: string, v: Verifier): Promise<boolean> {
  const hash = await pbkdf2(secret, fromBase64(v.salt), v.iterations);
  if (hash.length !== v.hash.length) return false;
  let diff = 0;
  for (let i = 0; i < hash.length; i++) diff |= hash.charCodeAt(i) ^ v.hash.charCodeAt(i);
  return diff === 0;
}

/** How long the tablet makes a student wait after `failures` wrong secrets in a row. */
export function delayAfterFailures(failures: number): number {
  if (failures >= LOCK_AFTER) return LOCK_MS;
  if (failures < FREE_ATTEMPTS) return 0;
  return FIRST_DELAY_MS * 2 ** (failures - FREE_ATTEMPTS);
}

export type LockState = { kind: 'open' } | { kind: 'wait'; until: Date } | { kind: 'locked'; until: Date };

/** Whether a student may try their secret now (pure: from the session row and the clock). */
export function lockState(session: Pick<LocalSessionRow, 'failedAttempts' | 'lockedUntil'> | undefined, now: Date): LockState {
  if (!session?.lockedUntil) return { kind: 'open' };
  const until = new Date(session.lockedUntil);
  if (until.getTime() <= now.getTime()) return { kind: 'open' };
  return session.failedAttempts >= LOCK_AFTER ? { kind: 'locked', until } : { kind: 'wait', until };
}

function emptySession(card: StudentCard, at: Date): LocalSessionRow {
  return {
    studentId: card.id,
    classId: card.classId,
    firstName: card.firstName,
    lastName: card.lastName,
    token: null,
    expiresAt: null,
    verifier: null,
    lastSignInAt: at.toISOString(),
    failedAttempts: 0,
    lockedUntil: null,
  };
}

/** Counts one wrong secret and returns the resulting lock state. */
export async function recordFailedSecret(db: CartableDb, card: StudentCard, at = new Date()): Promise<LockState> {
  return db.transaction('rw', db.localSessions, async () => {
    const row = (await db.localSessions.get(card.id)) ?? { ...emptySession(card, at), lastSignInAt: '' };
    const failedAttempts = row.failedAttempts + 1;
    const delay = delayAfterFailures(failedAttempts);
    const next = { ...row, failedAttempts, lockedUntil: delay > 0 ? new Date(at.getTime() + delay).toISOString() : null };
    await db.localSessions.put(next);
    return lockState(next, at);
  });
}

/** A successful online sign-in: keeps the token and a fresh verifier of the secret. */
export async function recordOnlineSignIn(
  db: CartableDb,
  login: { token: string; expiresAt: string; student: StudentCard },
  secret: string,
  at = new Date(),
): Promise<LocalSessionRow> {
  const verifier = await deriveVerifier(secret); // before the transaction: no await on non-Dexie work inside it
  const row: LocalSessionRow = { ...emptySession(login.student, at), token: login.token, expiresAt: login.expiresAt, verifier };
  await db.localSessions.put(row);
  return row;
}

/** A successful offline sign-in (verifier matched): resets the failure count. */
export async function recordOfflineSignIn(db: CartableDb, studentId: string, at = new Date()): Promise<void> {
  await db.localSessions.update(studentId, { failedAttempts: 0, lockedUntil: null, lastSignInAt: at.toISOString() });
}

export function getLocalSession(db: CartableDb, studentId: string): Promise<LocalSessionRow | undefined> {
  return db.localSessions.get(studentId);
}

/** The student signed in on this tablet right now, if any. */
export function getActiveStudentId(): string | null {
  try {
    return globalThis.localStorage?.getItem(ACTIVE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function setActiveStudentId(id: string | null): void {
  try {
    if (id) globalThis.localStorage?.setItem(ACTIVE_KEY, id);
    else globalThis.localStorage?.removeItem(ACTIVE_KEY);
  } catch {
    // storage blocked: the student stays signed in for this page only
  }
}

/**
 * Photos and recordings an older app marked 'failed' because the server refused the TABLET
 * (not the photo) go back to waiting, so a tablet enrolled again or reactivated sends them.
 * Call inside a transaction over `attachments` (or alone). It lives here, not in
 * device-refusal.ts: enrolment is on the first screen, the refusal module is not.
 */
export async function retryTabletRefusedUploads(db: CartableDb): Promise<number> {
  return db.attachments
    .where('upload').equals('failed')
    .filter((a) => a.error === 'device_revoked' || a.error === 'device_lost' || a.error === 'device_not_enrolled')
    .modify({ upload: 'pending', error: null, uploadedBytes: 0 });
}
