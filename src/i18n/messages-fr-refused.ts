/**
 * French words of a tablet the school refused (withdrawn, or lost and erased): imported by
 * that screen only (refused-messages.ts), so they never weigh on the first screen's JavaScript.
 */
export const frRefused = {
  'refused.title': 'Cette tablette n’est plus inscrite à l’école',
  'refused.intro': 'Un adulte l’a retirée. Rien n’est perdu : le travail gardé sur la tablette partira dès qu’un adulte la réactivera ou qu’elle sera inscrite à nouveau, au nom des mêmes élèves.',
  'refused.howTo': 'Pour la réutiliser, demande un nouveau code d’inscription à ton professeur ou au référent numérique, puis tape-le ci-dessous.',
  'refused.kept': 'Gardé sur cette tablette',
  'refused.keptOne': '{name} : 1 devoir',
  'refused.keptMany': '{name} : {count} devoirs',
  'refused.nothingKept': 'Aucun travail n’attend d’être envoyé sur cette tablette.',
  'erased.title': 'Les données des élèves ont été effacées',
  'erased.intro': 'Cette tablette a été déclarée perdue ou volée : le travail, les photos et les comptes des élèves qu’elle gardait ont été effacés le {date}.',
  'erased.howTo': 'Si elle a été retrouvée, un adulte peut l’inscrire à nouveau avec un code d’inscription.',
} as const;
