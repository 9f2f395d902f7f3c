/**
 * French elision of « de » before a name: « Copie d’Inès », « d’Hugo », « d’Élodie », « d’Œlie »,
 * but « de Yanis », « de Léa ». The typographic apostrophe (’), as everywhere in the UI.
 *
 * The rule: « de » loses its e before a vowel sound — a vowel letter (accented or not, æ, œ)
 * or an h, taken as mute (h aspiré is rare in first names: « d’Hugo », « d’Hélène », « d’Hervé »);
 * a y before a vowel is a consonant sound (« de Yanis », « de Yohan »), before a consonant a
 * vowel (« d’Yves », « d’Ysée »). Digits and anything else keep « de » (« de 5e B »).
 */

const VOWEL = /^[aeiouàâäéèêëîïôöùûüœæ]/i;

/** True when a French « de » (or « que », « le »…) elides before `word`. */
export function elidesBefore(word: string): boolean {
  const w = word.trimStart().normalize('NFC');
  if (VOWEL.test(w)) return true;
  const first = w.charAt(0).toLowerCase();
  if (first === 'h') return true;
  if (first === 'y') return w.length > 1 && !VOWEL.test(w.slice(1)) && /\p{L}/u.test(w.charAt(1));
  return false;
}

/** « de Yanis » / « d’Inès »: the French « de » followed by `name`, elided when it should be. */
export function deName(name: string): string {
  return elidesBefore(name) ? `d’${name.trimStart()}` : `de ${name}`;
}

/**
 * In a French template, every « de {param} » whose value elides becomes « d’{param} » (« De » at
 * the start of a sentence too). Numbers never elide. Other templates come back unchanged.
 */
export function elideTemplate(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/(^|[^\p{L}\p{N}])([Dd])e \{(\w+)\}/gu, (all, before: string, d: string, name: string) => {
    const v = params[name];
    return typeof v === 'string' && elidesBefore(v) ? `${before}${d}’{${name}}` : all;
  });
}
