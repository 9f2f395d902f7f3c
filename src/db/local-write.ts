/**
 * Local writes that must never lose data: a failed IndexedDB transaction (full disk, quota,
 * a broken connection) rolls back as a whole, so the outbox and the previous record stay
 * intact; the failure becomes a value the UI shows, never an exception swallowed.
 * Below the UI a failure is a code only: the screen words it (`localWrite.<code>` in i18n/).
 */

/** Why a local save failed, as codes the UI translates. */
export const LOCAL_WRITE_CODES = ['quota_exceeded', 'storage_error', 'not_enrolled', 'not_found'] as const;
export type LocalWriteCode = (typeof LOCAL_WRITE_CODES)[number];

/** A local save that did not happen; the previous record and the outbox are intact. */
export interface LocalWriteFailure {
  ok: false;
  code: LocalWriteCode;
}
export type LocalWriteResult<T> = { ok: true; value: T } | LocalWriteFailure;

/** Thrown inside a repository transaction to abort it with a known reason. */
export class LocalWriteError extends Error {
  constructor(readonly code: LocalWriteFailure['code'], message: string) {
    super(message);
    this.name = 'LocalWriteError';
  }
}

/** True for a QuotaExceededError, however Dexie or the browser wrapped it. */
export function isQuotaError(err: unknown): boolean {
  for (let e = err as { name?: string; inner?: unknown } | undefined, depth = 0; e && depth < 5; e = e.inner as typeof e, depth++) {
    if (e.name === 'QuotaExceededError' || e.name === 'QuotaExceeded') return true;
  }
  return false;
}

/** Runs a repository write; storage failures come back as `{ ok: false, code }`. */
export async function guardedWrite<T>(write: () => Promise<T>): Promise<LocalWriteResult<T>> {
  try {
    return { ok: true, value: await write() };
  } catch (err) {
    // Programming errors are bugs to see, not storage states.
    if (err instanceof TypeError || err instanceof ReferenceError) throw err;
    const code: LocalWriteFailure['code'] = err instanceof LocalWriteError ? err.code : isQuotaError(err) ? 'quota_exceeded' : 'storage_error';
    return { ok: false, code };
  }
}
