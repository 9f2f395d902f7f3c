/** Offline sign-in verifier, local slow-down of wrong secrets, and the sign-in decision (fake-indexeddb). */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CartableDb } from '../../../src/db/schema.ts';
import {
  checkVerifier,
  delayAfterFailures,
  deriveVerifier,
  FIRST_DELAY_MS,
  LOCK_AFTER,
  LOCK_MS,
  lockState,
  saveEnrolment,
  saveRoster,
} from '../../../src/db/session-repository.ts';
import { signInStudent } from '../../../src/ui/sign-in/sign-in-student.ts';
import { ApiError, NetworkError } from '../../../src/sync/page/api-client.ts';
import type { StudentCard } from '../../../src/protocol/entities.ts';

const card: StudentCard = { id: 'stu-1', classId: 'cls-1', firstName: 'Inès', lastName: 'Martin', archived: false };
let db: CartableDb;
let n = 0;

beforeEach(async () => {
  db = new CartableDb(`session-test-${++n}`);
  await saveEnrolment(db, { deviceId: 'dev-1', deviceToken: 'tok', schoolId: 'sch', classId: 'cls-1' }, 'Tablette 1');
  await saveRoster(db, { school: { id: 'sch', name: 'Collège' }, classes: [{ id: 'cls-1', name: '5e B', archived: false }], students: [card] });
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('verifier', () => {
  test('accepts the secret it was made from and nothing else; salts differ', async () => {
    const v = await deriveVerifier('1234', 1000);
    expect(await checkVerifier('1234', v)).toBe(true);
    expect(await checkVerifier('1235', v)).toBe(false);
    expect(await checkVerifier('', v)).toBe(false);
    const w = await deriveVerifier('1234', 1000);
    expect(w.salt).not.toBe(v.salt);
    expect(w.hash).not.toBe(v.hash);
    expect(JSON.stringify(v)).not.toMatch(/(?<![0-9a-zA-Z+/=_-])1234(?![0-9a-zA-Z+/=_-])/); // standing alone: a hash or salt may hold the digits
  });
});

describe('slow-down', () => {
  test.each([
    [0, 0],
    [2, 0],
    [3, FIRST_DELAY_MS],
    [4, FIRST_DELAY_MS * 2],
    [5, FIRST_DELAY_MS * 4],
    [LOCK_AFTER - 1, FIRST_DELAY_MS * 2 ** (LOCK_AFTER - 1 - 3)],
    [LOCK_AFTER, LOCK_MS],
    [LOCK_AFTER + 5, LOCK_MS],
  ])('after %i failures the tablet waits %i ms', (failures, ms) => {
    expect(delayAfterFailures(failures)).toBe(ms);
  });

  test('lockState: open once the time has passed; wait vs locked', () => {
    const now = new Date('2026-01-01T10:00:00Z');
    const later = new Date(now.getTime() + 10_000).toISOString();
    expect(lockState(undefined, now)).toEqual({ kind: 'open' });
    expect(lockState({ failedAttempts: 3, lockedUntil: later }, now)).toEqual({ kind: 'wait', until: new Date(later) });
    expect(lockState({ failedAttempts: LOCK_AFTER, lockedUntil: later }, now)).toEqual({ kind: 'locked', until: new Date(later) });
    expect(lockState({ failedAttempts: 3, lockedUntil: later }, new Date(now.getTime() + 10_001))).toEqual({ kind: 'open' });
  });
});

describe('signInStudent', () => {
  const okLogin = async () => ({ token: 'session-token', expiresAt: '2027-01-01T00:00:00.000Z', student: card });
  const offline = async (): Promise<never> => {
    throw new NetworkError('offline');
  };
  const wrong = async (): Promise<never> => {
    throw new ApiError(401, 'wrong_secret', 'Wrong secret code.');
  };

  test('online success stores the token and a verifier (never the secret); then offline works with the right secret only', async () => {
    expect(await signInStudent({ db, login: okLogin }, card, '1234')).toEqual({ kind: 'ok', online: true });
    const row = await db.localSessions.get(card.id);
    expect(row?.token).toBe('session-token');
    expect(row?.verifier?.hash).toBeTruthy();
    expect(JSON.stringify(row)).not.toMatch(/(?<![0-9a-zA-Z+/=_-])1234(?![0-9a-zA-Z+/=_-])/);

    expect(await signInStudent({ db, login: offline }, card, '1234')).toEqual({ kind: 'ok', online: false });
    expect(await signInStudent({ db, online: false }, card, '1234')).toEqual({ kind: 'ok', online: false });
    expect(await signInStudent({ db, login: offline }, card, '9999')).toEqual({ kind: 'wrong' });
  });

  test('offline with no verifier on this tablet: first time needs the network', async () => {
    expect(await signInStudent({ db, login: offline }, card, '1234')).toEqual({ kind: 'offline-first-time' });
  });

  test('wrong secrets slow down, then lock, on the tablet too — even a right secret is refused while waiting', async () => {
    let clock = new Date('2026-01-01T10:00:00Z');
    const now = () => clock;
    for (let i = 0; i < 2; i++) expect(await signInStudent({ db, login: wrong, now }, card, '0000')).toEqual({ kind: 'wrong' });
    const third = await signInStudent({ db, login: wrong, now }, card, '0000');
    expect(third).toEqual({ kind: 'wait', until: new Date(clock.getTime() + FIRST_DELAY_MS) });
    // While waiting the server is not even asked.
    let asked = false;
    const spy = async () => {
      asked = true;
      return okLogin();
    };
    expect((await signInStudent({ db, login: spy, now }, card, '1234')).kind).toBe('wait');
    expect(asked).toBe(false);
    for (let f = 4; f <= LOCK_AFTER; f++) {
      clock = new Date(clock.getTime() + LOCK_MS);
      const r = await signInStudent({ db, login: wrong, now }, card, '0000');
      expect(r.kind).toBe(f >= LOCK_AFTER ? 'locked' : 'wait');
    }
    clock = new Date(clock.getTime() + LOCK_MS + 1);
    expect(await signInStudent({ db, login: spy, now }, card, '1234')).toEqual({ kind: 'ok', online: true });
    expect((await db.localSessions.get(card.id))?.failedAttempts).toBe(0);
  });

  test('a server lock (423) is reported as locked; other server errors are shown, not counted', async () => {
    const locked = async (): Promise<never> => {
      throw new ApiError(423, 'locked', 'Locked.');
    };
    const broken = async (): Promise<never> => {
      throw new ApiError(500, 'internal', 'Boom');
    };
    expect(await signInStudent({ db, login: locked }, card, '1234')).toEqual({ kind: 'locked', until: null });
    const unknown = async (): Promise<never> => {
      throw new ApiError(401, 'student_unknown', 'This student is not known on this school server.');
    };
    expect(await signInStudent({ db, login: broken }, card, '1234')).toEqual({ kind: 'error', code: 'internal', params: null }); // a code: the screen words it
    // A pupil the server does not know is not a wrong secret: said in words, not counted.
    expect(await signInStudent({ db, login: unknown }, card, '1234')).toEqual({ kind: 'error', code: 'student_unknown', params: null });
    expect((await db.localSessions.get(card.id))?.failedAttempts ?? 0).toBe(0);
  });

  test('not enrolled: no sign-in at all', async () => {
    await db.device.clear();
    expect(await signInStudent({ db, login: okLogin }, card, '1234')).toEqual({ kind: 'not-enrolled' });
  });
});

describe('roster', () => {
  test('students gone from the roster are archived (hidden), not deleted', async () => {
    await saveRoster(db, { school: { id: 'sch', name: 'Collège' }, classes: [{ id: 'cls-1', name: '5e B', archived: false }], students: [] });
    expect((await db.students.get(card.id))?.archived).toBe(true);
  });

  test('re-enrolling never moves the mutation seq backwards', async () => {
    await db.device.update('device', { nextSeq: 42 });
    const row = await saveEnrolment(db, { deviceId: 'dev-2', deviceToken: 'tok2', schoolId: 'sch', classId: null }, 'Tablette 2');
    expect(row.nextSeq).toBe(42);
  });
});
