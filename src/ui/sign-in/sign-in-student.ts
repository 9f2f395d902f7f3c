/**
 * The student sign-in decision: ask the school server when it answers (fresh token and
 * verifier), fall back to the offline verifier only when the server cannot be reached,
 * and slow down wrong secrets on the tablet whichever way they were checked.
 */
import type { CartableDb } from '../../db/schema.ts';
import type { StudentCard } from '../../protocol/entities.ts';
import {
  checkVerifier,
  getDevice,
  getLocalSession,
  lockState,
  recordFailedSecret,
  recordOfflineSignIn,
  recordOnlineSignIn,
} from '../../db/session-repository.ts';
import { ApiError, NetworkError, loginStudent } from '../../sync/page/api-client.ts';

export type SignInResult =
  | { kind: 'ok'; online: boolean }
  | { kind: 'wrong' }
  | { kind: 'wait'; until: Date }
  | { kind: 'locked'; until: Date | null }
  | { kind: 'offline-first-time' }
  | { kind: 'not-enrolled' }
  /** The server refused for another reason: its error code (+ params), worded by the screen. */
  | { kind: 'error'; code: string; params: Record<string, string | number> | null };

export interface SignInDeps {
  db: CartableDb;
  login?: typeof loginStudent;
  now?: () => Date;
  /** False skips the network (navigator.onLine said so) and goes straight to the verifier. */
  online?: boolean;
}

export async function signInStudent(deps: SignInDeps, card: StudentCard, secret: string): Promise<SignInResult> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const login = deps.login ?? loginStudent;
  const device = await getDevice(db);
  if (!device) return { kind: 'not-enrolled' };
  const session = await getLocalSession(db, card.id);
  const lock = lockState(session, now());
  if (lock.kind !== 'open') return lock;

  const afterFailure = async (): Promise<SignInResult> => {
    const state = await recordFailedSecret(db, card, now());
    return state.kind === 'open' ? { kind: 'wrong' } : state;
  };

  if (deps.online !== false) {
    try {
      const res = await login(device.deviceToken, { studentId: card.id, secret });
      await recordOnlineSignIn(db, res, secret, now());
      return { kind: 'ok', online: true };
    } catch (err) {
      if (err instanceof ApiError) {
        // Only a wrong secret counts as a failed try; an unknown pupil or a withdrawn tablet is said in words.
        if (err.code === 'wrong_secret' || (err.status === 401 && err.code === 'unauthenticated')) return afterFailure();
        if (err.status === 423) return { kind: 'locked', until: null };
        // A withdrawn tablet says so (the app then shows how to enrol it again), never « code pas le bon ».
        // (loaded only then: the first screen's bundle stays within its budget)
        if (err.code === 'device_revoked' || err.code === 'device_lost') await (await import('../../db/device-refusal.ts')).markDeviceRefused(db, err.code);
        return { kind: 'error', code: err.code, params: err.params };
      }
      if (!(err instanceof NetworkError)) throw err;
      // The server is away: check the secret against this tablet's verifier below.
    }
  }

  if (!session?.verifier) return { kind: 'offline-first-time' };
  if (await checkVerifier(secret, session.verifier)) {
    await recordOfflineSignIn(db, card.id, now());
    return { kind: 'ok', online: false };
  }
  return afterFailure();
}
