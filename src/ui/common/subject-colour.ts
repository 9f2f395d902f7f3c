/**
 * A subject's colour on the homework diary: the collège subjects have their own, any other
 * subject a stable one of the palette (from its name), so « SVT » is always the same green on
 * every tablet. Each colour is a light tint (the label's background, dark text on it: AA
 * contrast) and a strong edge (the item's stripe). No colour is the only cue: the label says it.
 */

/** The subjects a French collège teaches, as the editors suggest them. */
export const SUBJECT_SUGGESTIONS = [
  'Français', 'Mathématiques', 'Histoire-géographie', 'Anglais', 'Espagnol', 'Allemand', 'SVT', 'Physique-chimie',
  'Technologie', 'Arts plastiques', 'Éducation musicale', 'EPS', 'EMC',
] as const;

export interface SubjectColour {
  /** Label background (dark text on it). */
  tint: string;
  /** The item's stripe. */
  edge: string;
}

const PALETTE: readonly SubjectColour[] = [
  { tint: '#dbe9ff', edge: '#1f5fbf' }, // blue
  { tint: '#ffe1d6', edge: '#c2410c' }, // orange
  { tint: '#dcf5e3', edge: '#1c7c3c' }, // green
  { tint: '#f3e0ff', edge: '#7c3aad' }, // purple
  { tint: '#fff3c4', edge: '#9a6b00' }, // yellow
  { tint: '#ffdbe7', edge: '#b4235a' }, // pink
  { tint: '#d5f3f3', edge: '#0f7370' }, // teal
  { tint: '#e8e4dc', edge: '#6b5b3e' }, // brown
];

const KNOWN: Record<string, number> = {
  francais: 0, mathematiques: 1, maths: 1, 'histoire-geographie': 7, histoire: 7, geographie: 7, anglais: 5, espagnol: 5, allemand: 5,
  svt: 2, 'physique-chimie': 3, technologie: 6, 'arts plastiques': 4, 'education musicale': 3, musique: 3, eps: 6, emc: 7,
};

/** Lower case, no accents, single spaces: « Éducation  musicale » and « education musicale » are one subject. */
export const subjectKey = (s: string): string => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** The colour of a subject. Pure and stable. */
export function subjectColour(subject: string): SubjectColour {
  const key = subjectKey(subject);
  const known = KNOWN[key];
  if (known !== undefined) return PALETTE[known]!;
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}
