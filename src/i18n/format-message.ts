/**
 * The one message-formatting engine of the tablet and the console: `{name}` placeholders
 * filled from params (numbers through the caller's locale formatter), and a server error
 * code (+ params) turned into words through a catalogue, with a calm fallback for a code
 * this build does not know. Never the server's own sentence, never the code itself.
 */

/** Values that fill `{placeholders}`. */
export type MessageParams = Record<string, string | number>;

/** Fills `{name}` placeholders; an unknown placeholder stays visible so a missing param is noticed. */
export function formatMessage(template: string, params?: MessageParams, formatNumber: (n: number) => string = String): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (all, name: string) => {
    const v = params[name];
    return v === undefined ? all : typeof v === 'number' ? formatNumber(v) : v;
  });
}


/** The `{placeholders}` a template uses (to check that every language fills the same ones). */
export function placeholdersOf(template: string): string[] {
  // Not a plural branch's words: « =0 {rien} » is text, not a placeholder.
  return [...new Set(Array.from(template.matchAll(/(?<!(?:=\d+|zero|one|two|few|many|other) ?)\{(\w+)(?:\}|, plural,)/g), (m) => m[1]!))].sort();
}

/**
 * The words for a server error `code` (looked up by `textOf`), with `params` filled in; `fallback`
 * when the code is missing or unknown (an older tablet meeting a newer server). A param the
 * text does not use is ignored; a text whose params did not all come falls back too, so no
 * `{placeholder}` ever reaches a pupil.
 */
export function errorMessage(
  textOf: (code: string) => string | undefined,
  fallback: string,
  code: unknown,
  params?: MessageParams | null,
  formatNumber?: (n: number) => string,
): string {
  const template = typeof code === 'string' && /^[a-z][a-z0-9_]*$/.test(code) ? textOf(code) : undefined;
  if (!template) return fallback;
  const text = formatMessage(template, params ?? undefined, formatNumber);
  return /\{\w+\}/.test(text) ? fallback : text;
}

/** A lookup in a catalogue keyed by code (own keys only: `constructor` is not a code). */
export const lookupIn = (catalogue: Readonly<Partial<Record<string, string>>>) => (code: string): string | undefined =>
  Object.hasOwn(catalogue, code) ? catalogue[code] : undefined;
