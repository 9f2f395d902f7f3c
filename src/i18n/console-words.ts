/**
 * The console's words as plain functions, with no UI around them: a message by its key (French
 * numbers and plurals in French) and a server error code in words. The console (console-i18n.ts)
 * and the admin command line (server/cli) both speak through these, so an IT referent reads the
 * same sentences in the browser and in a terminal.
 */
import { consoleFr, type ConsoleMessageKey } from './console-fr.ts';
import { consoleEn } from './console-en.ts';
import { serverErrorsFr } from './server-errors-fr.ts';
import { serverErrorsEn } from './server-errors-en.ts';
import { errorMessage, lookupIn, type MessageParams } from './format-message.ts';
import { formatPluralMessage } from './format-plural.ts';

export type ConsoleLang = 'fr' | 'en';
export type Translate = (key: ConsoleMessageKey, params?: MessageParams) => string;
/** A server error code (+ params) in the console's language; a calm generic sentence for an unknown code. */
export type TranslateCode = (code: string | null | undefined, params?: MessageParams | null) => string;

/** The console's message `key` in `lang`, `{params}` filled (« 6,5 / 7 » in French) and plurals chosen by the language's rules. */
export function makeTranslate(lang: ConsoleLang): Translate {
  const table: Record<ConsoleMessageKey, string> = lang === 'en' ? consoleEn : consoleFr;
  const numbers = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 2 });
  return (key, params) => formatPluralMessage(table[key], params, (n) => numbers.format(n), lang);
}

/** Server error codes in `lang`. */
export function makeTranslateCode(lang: ConsoleLang): TranslateCode {
  const lookup = lookupIn(lang === 'en' ? serverErrorsEn : serverErrorsFr);
  const fallback = makeTranslate(lang)('app.errorUnknown');
  return (code, params) => errorMessage(lookup, fallback, code, params);
}

/** Between a label and its value: « Classe : 5e B » (a no-break space before the colon in French), “Class: 5e B”. */
export const labelSeparator = (lang: ConsoleLang): string => (lang === 'en' ? ': ' : '\u00a0: ');
/** Between items of a list that hold commas: « a ; b » in French, “a; b” in English. */
export const listSeparator = (lang: ConsoleLang): string => (lang === 'en' ? '; ' : '\u00a0; ');
