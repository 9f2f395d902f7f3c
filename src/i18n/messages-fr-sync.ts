/**
 * French words of the sync line at the foot of every tablet screen (sync-bar.tsx): imported by
 * that bar only (sync-messages.ts), which loads once the first screen is shown, so they never
 * weigh on the first screen's JavaScript.
 */
export const frSync = {
  'sync.title': 'Synchronisation',
  'sync.now': 'Synchroniser',
  'sync.never': 'pas encore synchronisé',
  'sync.last': 'dernière synchro : {time}',
  'sync.allSent': 'Tout est envoyé',
  'sync.oneToSend': '1 devoir à envoyer',
  'sync.manyToSend': '{count} devoirs à envoyer',
  'sync.running': 'Envoi et réception en cours…',
  'sync.offlineCalm': 'Pas de réseau : ton travail est gardé sur la tablette.',
  'sync.oneLater': '1 devoir partira dès que possible.',
  'sync.manyLater': '{count} devoirs partiront dès que possible.',
  'sync.unavailable': 'Cette tablette ne peut pas encore envoyer ton travail : il reste gardé dessus.',

  'syncError.offline': 'Pas de réseau : ton travail est gardé sur la tablette.',
  'syncError.server_error': 'L’école ne répond pas pour l’instant : ton travail est gardé, la tablette réessaiera toute seule.',
  'syncError.session_expired': 'Reconnecte-toi pour envoyer ton travail : appuie sur « Changer d’élève », puis sur ton nom. Ton travail reste sur la tablette.',
  'syncError.device_revoked': 'Cette tablette n’est plus inscrite à l’école. Ton travail est gardé dessus : demande à ton professeur de l’inscrire à nouveau.',
  'syncError.device_lost': 'Cette tablette a été déclarée perdue ou volée : les données des élèves ont été effacées.',
  'syncError.not_enrolled': 'Cette tablette n’est pas encore inscrite à l’école.',
  'syncError.storage_full': 'La tablette est pleine. Préviens ton professeur ; ton travail déjà enregistré est gardé.',
  'syncError.storage_error': 'La tablette n’a pas pu ranger les nouveautés : elle réessaiera toute seule.',
  'syncError.refused': 'Un de tes devoirs est à revoir : regarde la liste « À revoir ».',
  'syncError.server_outdated': 'Le serveur de l’école doit être mis à jour : ton travail est gardé.',
  'syncError.app_outdated': 'La tablette doit se mettre à jour : ton travail est gardé.',
  'syncError.unknown': 'L’envoi n’a pas marché : ton travail est gardé, la tablette réessaiera toute seule.',
} as const;
