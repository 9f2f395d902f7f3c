/**
 * The sync status the UI shows (honest status, invariant 7): what is happening, how far the
 * current sync is, when the last one succeeded, what is still waiting, the last error in
 * plain words (fr) with a stable code the UI can translate, and the storage situation.
 */
export type SyncState = 'idle' | 'syncing' | 'offline' | 'error';

export type SyncErrorCode =
  | 'offline'
  | 'server_error'
  | 'session_expired'
  | 'device_revoked'
  | 'not_enrolled'
  | 'storage_full'
  | 'storage_error'
  | 'refused'
  | 'unknown';

export interface SyncError {
  code: SyncErrorCode;
  message: string;
  at: string;
}

export interface SyncStatus {
  state: SyncState;
  /** The current sync's progress (null when none runs). */
  progress: { items: number; bytes: number; done: number; total: number } | null;
  /** Last fully successful sync of the active student (or of the device). */
  lastSyncAt: string | null;
  /** Still to send: the active student's (or the device's, when nobody is signed in). */
  waiting: { items: number; bytes: number };
  lastError: SyncError | null;
  storage: { usage: number | null; quota: number | null; persisted: boolean | null } | null;
  /** When the next automatic attempt is planned. */
  nextAttemptAt: string | null;
  activeStudentId: string | null;
}

export const INITIAL_STATUS: SyncStatus = {
  state: 'idle', progress: null, lastSyncAt: null, waiting: { items: 0, bytes: 0 }, lastError: null, storage: null, nextAttemptAt: null, activeStudentId: null,
};

const MESSAGES: Record<SyncErrorCode, string> = {
  offline: 'Le serveur de l’école est injoignable. Ton travail est enregistré sur la tablette et partira tout seul.',
  server_error: 'Le serveur de l’école a eu un problème. Ton travail est enregistré ; nouvel essai bientôt.',
  session_expired: 'Ta session a expiré : reconnecte-toi pour envoyer ton travail. Il reste sur la tablette.',
  device_revoked: 'Cette tablette n’est plus autorisée par l’école. Ton travail reste sur la tablette : préviens ton enseignant.',
  not_enrolled: 'Cette tablette n’est pas encore inscrite auprès de l’école.',
  storage_full: 'La tablette est pleine. Préviens ton enseignant ; ton travail déjà enregistré est intact.',
  storage_error: 'La tablette n’a pas pu enregistrer les nouveautés. Nouvel essai bientôt.',
  refused: 'Le serveur a refusé un de tes envois : regarde les travaux marqués « à vérifier ».',
  unknown: 'La synchronisation a échoué. Nouvel essai bientôt.',
};

export const syncError = (code: SyncErrorCode, at = new Date().toISOString()): SyncError => ({ code, message: MESSAGES[code], at });
