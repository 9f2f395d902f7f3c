/**
 * French messages (the default language) of the student app's shell — what the first
 * screens (enrolment, sign-in) and every screen's frame (sync line, errors) show — keyed by
 * a dotted name; `{name}` placeholders are filled by `t()`. The words of the work screens
 * (home, lesson, assignment) are in messages-fr-work.ts, which ships in those screens'
 * chunks, not in the first screen's JavaScript; the sync line's are in messages-fr-sync.ts,
 * with the sync bar that loads once the first screen is shown. The English file has every key of both
 * (its type is derived from them).
 */
import type { frWork } from './messages-fr-work.ts';
import type { frRefused } from './messages-fr-refused.ts';
import type { frSync } from './messages-fr-sync.ts';

export const fr = {
  'app.title': 'Cartable',
  'app.skip': 'Aller au contenu',
  'app.loading': 'Chargement…',
  'app.notFound': 'Cette page n’existe pas, ou n’est pas à toi.',
  'app.backHome': 'Retour à l’accueil',
  'app.back': 'Retour',
  'lang.label': 'Langue',
  'lang.fr': 'Français',
  'lang.en': 'English',

  'update.available': 'Nouvelle version disponible.',
  'update.apply': 'Mettre à jour',
  'update.later': 'Plus tard',
  'update.failed': "La mise à jour n'a pas pu se faire : ton travail est gardé. Réessaie dans un instant.",
  'update.whileEditing': 'Termine ta réponse : la mise à jour attendra que tu quittes ce devoir.',
  'update.required': 'Mise à jour nécessaire',
  'update.requiredHelp': 'Cette version de Cartable est trop ancienne. Ton travail continue d’être envoyé au collège ; la nouvelle version s’installera d’elle-même en dehors des heures de cours.',
  'update.requiredReady': 'La nouvelle version est prête. Ton travail est gardé.',

  'enrol.title': 'Installer cette tablette',
  'enrol.intro': 'Demande le code d’inscription à ton professeur ou au référent numérique.',
  'enrol.code': 'Code d’inscription',
  'enrol.name': 'Nom de la tablette',
  'enrol.namePlaceholder': 'Tablette 7',
  'enrol.submit': 'Inscrire la tablette',
  'enrol.busy': 'Inscription…',
  'enrol.done': 'Tablette inscrite.',
  'enrol.needNetwork': 'Il faut une connexion au serveur de l’école pour inscrire la tablette.',
  'enrol.badCode': 'Ce code n’est pas valable (ou a expiré). Vérifie-le.',
  'refused.submit': 'Inscrire à nouveau la tablette',
  'enrol.failed': 'L’inscription n’a pas marché. Réessaie dans un instant.',

  'signin.title': 'Qui es-tu ?',
  'signin.chooseClass': 'Choisis ta classe',
  'signin.chooseName': 'Touche ton nom',
  'signin.noStudents': 'Aucun élève dans cette classe sur cette tablette.',
  'signin.noRoster': 'La liste des élèves n’est pas encore sur cette tablette. Il faut d’abord le réseau de l’école.',
  'signin.otherClass': 'Autre classe',
  'signin.notMe': 'Ce n’est pas moi',
  'signin.secretTitle': 'Bonjour {name} ! Tape ton code secret.',
  'signin.secretLabel': 'Code secret',
  'signin.digits': 'Chiffres tapés : {count}',
  'signin.digitsOf': 'Chiffres tapés : {count} sur {total}',
  'signin.erase': 'Effacer',
  'signin.ok': 'Valider',
  'signin.checking': 'Vérification…',
  'signin.wrong': 'Ce code n’est pas le bon. Réessaie.',
  'signin.wait': 'Trop d’essais. Attends {seconds} s avant de réessayer.',
  'signin.locked': 'Trop d’essais : ton compte est bloqué jusqu’à {time}. Demande à ton professeur.',
  'signin.offlineFirstTime': 'Pas de connexion : la première fois sur cette tablette, il faut le réseau de l’école.',
  'signin.failed': 'La connexion n’a pas marché. Réessaie dans un instant.',
  'signin.switch': 'Changer d’élève',
  'signin.signedInAs': 'Connecté·e : {name}',

  'error.retry': 'Réessayer',
  'error.screenFailed': 'Cette page n’a pas pu s’ouvrir. Ton travail est gardé sur la tablette.',
  'serverError.unknown': 'L’école n’a pas accepté cet envoi. Ton travail reste sur la tablette : montre-le à ton professeur.',
  'serverError.enrolment_code_invalid': 'Ce code d’inscription n’est pas valable (ou a expiré). Demande un nouveau code.',
  'serverError.enrol_class_required': 'Ce code d’inscription a besoin d’une classe. Demande un autre code.',
  'serverError.rate_limited': 'Trop d’essais d’un coup : attends un instant, puis réessaie.',
  'serverError.internal': 'L’école a eu un problème. Ton travail est gardé : réessaie dans un moment.',
  'serverError.validation': 'Quelque chose n’est pas rempli comme il faut. Vérifie, puis réessaie.',
  'serverError.bad_request': 'Quelque chose n’est pas rempli comme il faut. Vérifie, puis réessaie.',
  'serverError.student_unknown': 'L’école ne connaît pas ton nom. Demande à ton professeur.',
  'serverError.wrong_secret': 'Ce code n’est pas le bon. Réessaie.',
  'serverError.account_locked': 'Trop d’essais : attends {minutes} min avant de réessayer, ou demande à ton professeur.',
  'serverError.sign_in_busy': 'Beaucoup d’élèves se connectent en même temps : réessaie dans un instant.',
  'serverError.device_revoked': 'Cette tablette n’est plus inscrite à l’école. Ton travail est gardé dessus : demande à ton professeur de l’inscrire à nouveau.',
  'serverError.device_lost': 'Cette tablette a été déclarée perdue ou volée : les données des élèves ont été effacées.',
  'serverError.device_not_enrolled': 'Cette tablette n’est plus inscrite à l’école. Ton travail reste dessus : préviens ton professeur.',
  'serverError.device_mismatch': 'Reconnecte-toi sur cette tablette pour envoyer ton travail. Il reste dessus.',
  'serverError.unauthenticated': 'Reconnecte-toi pour envoyer ton travail. Il reste sur la tablette.',
} as const;

export type MessageKey = keyof typeof fr | keyof typeof frWork | keyof typeof frRefused | keyof typeof frSync;
export type Messages = Record<MessageKey, string>;
