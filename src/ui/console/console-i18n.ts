/**
 * The console's messages: French first, English second, through the same formatting engine
 * as the tablet (src/i18n/format-message.ts). Server refusals are translated from their code
 * and params (src/i18n/server-errors-*.ts: every code), never shown as the server's sentence.
 * The language is remembered in localStorage (a preference, not a secret) and offered as a
 * button in the header.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { ApiError, NetworkError } from './console-api.ts';
import { makeTranslate, makeTranslateCode, type ConsoleLang, type Translate, type TranslateCode } from '../../i18n/console-words.ts';
import { formatMessage } from '../../i18n/format-message.ts';

export type { ConsoleLang, Translate, TranslateCode };
/** Anything thrown by a console call, in words: the server's code, « the server does not answer », or a generic sentence. */
export type TranslateError = (error: unknown) => string;

const LANG_KEY = 'cartable.console.lang';

export { formatMessage, makeTranslate, makeTranslateCode };
export { labelSeparator, listSeparator } from '../../i18n/console-words.ts';

/** Thrown values in `lang` (an ApiError by its code; a failed fetch as the server not answering). */
export function makeTranslateError(lang: ConsoleLang): TranslateError {
  const t = makeTranslate(lang);
  const tc = makeTranslateCode(lang);
  return (e) => {
    if (e instanceof ApiError) return e.code.startsWith('http_') ? t(e.status >= 502 ? 'app.unreachable' : 'app.errorUnknown') : tc(e.code, e.params);
    if (e instanceof TypeError || e instanceof NetworkError) return t('app.unreachable'); // fetch() found no server, or a proxy answered for it
    if (typeof e === 'string') return e; // already words (a form problem)
    console.error('[console] unexpected', e);
    return t('app.errorUnknown');
  };
}

export function initialLang(): ConsoleLang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

export function rememberLang(lang: ConsoleLang) {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* private mode: the choice lasts the page */
  }
}

/**
 * The school year an instant falls in, by its first calendar year: a French school year runs
 * from 1 September to 31 August (2026 for any day from 1 Sept 2026 to 31 Aug 2027).
 */
export function schoolYearOf(d: Date): number {
  return d.getMonth() >= 8 ? d.getFullYear() : d.getFullYear() - 1;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(lang: ConsoleLang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', options)));
  return f;
}

/**
 * Dates as teachers read them, the same on every console screen: « 7 déc. à 14:05 » — the year
 * only for a day outside the current school year (« 7 déc. 2025 à 14:05 »): within one school
 * year a day and a month name one day, and the year on every line of a table was noise.
 * English « 7 Dec, 14:05 ». No « aujourd’hui »: the sentences say « le {date} ». No-break spaces throughout.
 */
/**
 * The time of `iso` on this computer's clock, when it is not `serverHour` o'clock: the server
 * keeps another time zone (a nightly backup « à 2 h, heure du serveur » runs at 03:00 in Paris
 * on a server in UTC). Null when both clocks agree.
 */
export function timeHereIfOther(iso: string | null, serverHour: number, lang: ConsoleLang): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || (d.getHours() === serverHour && d.getMinutes() === 0)) return null;
  return dateFormat(lang, { timeStyle: 'short' }).format(d);
}

export function formatDate(iso: string | null, lang: ConsoleLang, now = new Date()): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const withYear = schoolYearOf(d) !== schoolYearOf(now);
  const day = dateFormat(lang, { day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) }).format(d);
  const time = dateFormat(lang, { timeStyle: 'short' }).format(d);
  // Unbreakable: « 7 déc. à » never ends a line with « 14:05 » on the next (a table's narrow column).
  return (lang === 'en' ? `${day}, ${time}` : `${day} à ${time}`).replace(/ /g, '\u00a0');
}

/** A time as the teacher reads it on the day: « 10:42 » today, with the date otherwise (formatDate). */
export function formatWhen(iso: string, lang: ConsoleLang, now = new Date()): string {
  const d = new Date(iso);
  if (d.toDateString() === now.toDateString()) return dateFormat(lang, { timeStyle: 'short' }).format(d);
  return formatDate(iso, lang, now);
}

/** « 6,5 », « 13,33 » (fr) or “6.5” (en): at most two decimals. */
export function formatDecimal(n: number, lang: ConsoleLang): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 2 }).format(n);
}

export function formatBytes(n: number | null, lang: ConsoleLang): string {
  if (n === null) return '—';
  const units = lang === 'en' ? ['B', 'KB', 'MB', 'GB'] : ['o', 'Ko', 'Mo', 'Go'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${new Intl.NumberFormat(lang).format(Math.round(v * 10) / 10)}\u00a0${units[u]}`; // never « 12 » at a line's end and « Mo » on the next
}

export interface ConsoleI18n { t: Translate; lang: ConsoleLang; tc: TranslateCode; te: TranslateError }
/** Everything the console screens need to speak `lang`. */
export const consoleI18n = (lang: ConsoleLang): ConsoleI18n => ({ t: makeTranslate(lang), lang, tc: makeTranslateCode(lang), te: makeTranslateError(lang) });
export const ConsoleI18nContext = createContext<ConsoleI18n>(consoleI18n('fr'));
/** The console's translate function and language. */
export const useConsoleI18n = () => useContext(ConsoleI18nContext);
