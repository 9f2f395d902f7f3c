/**
 * Local writes that must never lose data: a failed IndexedDB transaction (full disk, quota,
 * a broken connection) rolls back as a whole, so the outbox and the previous record stay
 * intact; the failure becomes a value the UI shows, never an exception swallowed.
 */

/** Why a local save failed, with words the UI can show (fr) and a code it can translate. */
export interface LocalWriteFailure {
  ok: false;
  code: 'quota_exceeded' | 'storage_error' | 'not_enrolled' | 'not_found';
  message: string;
}
export type LocalWriteResult<T> = { ok: true; value: T } | LocalWriteFailure;

/** Thrown inside a repository transaction to abort it with a known reason. */
export class LocalWriteError extends Error {
  constructor(readonly code: LocalWriteFailure['code'], message: string) {
    super(message);
    this.name = 'LocalWriteError';
  }
}

const MESSAGES: Record<LocalWriteFailure['code'], string> = {
  quota_exceeded: 'La tablette est pleine : ta dernière modification n’a pas été enregistrée. Ton travail précédent est intact. Préviens ton enseignant.',
  storage_error: 'La tablette n’a pas pu enregistrer ta dernière modification. Ton travail précédent est intact ; réessaie.',
  not_enrolled: 'Cette tablette n’est pas inscrite auprès de l’école.',
  not_found: 'Ce travail est introuvable sur la tablette.',
};

/** True for a QuotaExceededError, however Dexie or the browser wrapped it. */
export function isQuotaError(err: unknown): boolean {
  for (let e = err as { name?: string; inner?: unknown } | undefined, depth = 0; e && depth < 5; e = e.inner as typeof e, depth++) {
    if (e.name === 'QuotaExceededError' || e.name === 'QuotaExceeded') return true;
  }
  return false;
}

/** Runs a repository write; storage failures come back as `{ ok: false }` with plain words. */
export async function guardedWrite<T>(write: () => Promise<T>): Promise<LocalWriteResult<T>> {
  try {
    return { ok: true, value: await write() };
  } catch (err) {
    // Programming errors are bugs to see, not storage states.
    if (err instanceof TypeError || err instanceof ReferenceError) throw err;
    const code: LocalWriteFailure['code'] = err instanceof LocalWriteError ? err.code : isQuotaError(err) ? 'quota_exceeded' : 'storage_error';
    return { ok: false, code, message: MESSAGES[code] };
  }
}
