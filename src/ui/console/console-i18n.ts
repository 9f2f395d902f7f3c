/**
 * The console's messages: French first, English second. The language is remembered
 * in localStorage (a preference, not a secret) and offered as a button in the header.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { consoleFr, type ConsoleMessageKey } from '../../i18n/console-fr.ts';
import { consoleEn } from '../../i18n/console-en.ts';

export type ConsoleLang = 'fr' | 'en';
export type Translate = (key: ConsoleMessageKey, params?: Record<string, string | number>) => string;

const LANG_KEY = 'cartable.console.lang';

/** Fills `{name}` placeholders. */
export function formatMessage(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (all, k: string) => (k in params ? String(params[k]) : all));
}

export function makeTranslate(lang: ConsoleLang): Translate {
  const table: Record<ConsoleMessageKey, string> = lang === 'en' ? consoleEn : consoleFr;
  return (key, params) => formatMessage(table[key], params);
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

/** Dates as teachers read them (e.g. « 12 mars 2027, 17:00 »). */
export function formatDate(iso: string | null, lang: ConsoleLang): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
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
  return `${new Intl.NumberFormat(lang).format(Math.round(v * 10) / 10)} ${units[u]}`;
}

export interface ConsoleI18n { t: Translate; lang: ConsoleLang }
export const ConsoleI18nContext = createContext<ConsoleI18n>({ t: makeTranslate('fr'), lang: 'fr' });
/** The console's translate function and language. */
export const useConsoleI18n = () => useContext(ConsoleI18nContext);
