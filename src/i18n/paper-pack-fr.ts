/**
 * The words of the paper pack (issue 15), printed for a pupil and their family: the cover
 * letter and the default paper hints of each kind of question. French only — the pack goes
 * to French families; the console's own words stay in console-fr/en. Plain text with
 * `{placeholders}`; server/paper/pack-layout.ts fills and lays them out.
 */
import type { QuestionKind } from '../protocol/entities.ts';

export const paperPackFr = {
  letterTitle: 'Devoirs à la maison',
  letterGreeting: 'Madame, Monsieur,',
  letterIntro: 'Voici le travail « {title} » que {teacher} a préparé pour {pupil}, élève de {className}. Les feuilles qui suivent ont été imprimées à son nom : elles remplacent la tablette.',
  letterTodoTitle: 'Ce qu’il faut faire',
  letterTodo: [
    'Lire les consignes, puis répondre directement sur les feuilles, au stylo bleu ou noir.',
    'Pour une question à choix, cocher la case d’une croix bien nette. Pour une réponse écrite, écrire sur les lignes ; pour un dessin ou un calcul, rester dans le cadre.',
    'Ne rien écrire sur les carrés noirs des coins ni sur le code en bas à droite : ils permettent de rendre chaque feuille à votre enfant sans erreur.',
  ],
  letterDueTitle: 'À rendre',
  letterDue: 'au plus tard le {date}.',
  letterNoDue: 'dès que possible.',
  letterReturnTitle: 'Comment le renvoyer',
  letterReturn: 'Glissez {pages} dans une enveloppe adressée à {teacher}, {school}, et postez-la, ou déposez-la à l’accueil du collège. Cette lettre reste chez vous.',
  letterContact: 'Pour toute question, vous pouvez écrire à {teacher} par le carnet de liaison ou appeler le secrétariat du collège.',
  letterThanks: 'Merci de votre aide,',
  header: '{title} — {className}',
  instructions: 'Consignes',
  questionN: 'Question {n}',
  points: { one: '{points} point', other: '{points} points' },
  footer: '{pupil} — page {page}/{pages}',
  footerHint: 'Ne pas écrire sur les carrés noirs ni sur le code.',
  numericLabel: 'Ta réponse :',
  true: 'Vrai',
  false: 'Faux',
} as const;

/** The default paper hint of each kind (a question's `paperPrompt` replaces prompt and hint). */
export const paperHintFr: Record<QuestionKind, string> & { choiceMultiple: string } = {
  text: 'Écris ta réponse sur les lignes.',
  short: 'Écris ta réponse sur la ligne.',
  choice: 'Coche une seule case.',
  choiceMultiple: 'Coche toutes les bonnes réponses.',
  truefalse: 'Coche Vrai ou Faux.',
  numeric: 'Écris ton résultat dans le cadre.',
  blanks: 'Complète les trous.',
  matching: 'Relie chaque élément de gauche à un élément de droite par un trait.',
  photo: 'Fais ton travail dans le cadre.',
  audio: 'Réponse orale : écris ce que tu dirais.',
};

/** `{name}` placeholders filled in. */
export const fill = (template: string, params: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => (params[k] === undefined ? m : String(params[k])));

/** The words of the correction printed for the family (issue 15): the pupil's pages with the teacher's marks. */
export const correctionFr = {
  title: 'Correction — {title}',
  pupil: '{pupil}, {className}',
  handedIn: 'Travail rendu le {date}.',
  mark: 'Note : {mark} / {max}',
  noMark: 'Pas encore noté.',
  overall: 'Appréciation',
  questions: 'Question par question',
  questionLine: 'Question {n} : {points}',
  notMarked: 'non noté',
  pagesTitle: 'Les pages corrigées suivent.',
  noPages: 'Aucune page ni photo dans ce travail.',
  footer: '{pupil} — correction — page {page}/{pages}',
  unsupported: 'Cette photo n’a pas pu être imprimée (format d’image non pris en charge).',
} as const;
