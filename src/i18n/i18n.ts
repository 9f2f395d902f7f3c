/**
 * A tiny i18n: `t(key, params)` with `{name}` interpolation, fr-FR / en-GB dates, numbers
 * and sizes through Intl, and the language choice persisted on the tablet (French by
 * default). Components re-render on a switch by reading `useLang()` (see use-lang.ts).
 * English is a lazy chunk: French-speaking tablets never download it; the French words of the
 * work screens come with those screens (messages-fr-work.ts), not with the first screen.
 */
import { fr, type MessageKey, type Messages } from './messages-fr.ts';
import { errorMessage, formatMessage, lookupIn, type MessageParams } from './format-message.ts';
import { TABLET_ERROR_PREFIX } from './tablet-error-codes.ts';

export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];
/** French: the shell's words now, the work screens' words once their chunk registers them (work-messages.ts). */
const french: Partial<Messages> = { ...fr };
const CATALOGS: Partial<Record<Lang, Partial<Messages>>> = { fr: french };
const LOADERS: Record<Lang, () => Promise<Messages>> = {
  fr: async () => french as Messages,
  en: () => import('./messages-en.ts').then((m) => m.en),
};
const LOCALES: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };
const STORAGE_KEY = 'cartable.lang';

let current: Lang = 'fr';
const listeners = new Set<(lang: Lang) => void>();

function readStoredLang(): Lang {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr'; // storage blocked: French
  }
}

/** Fills `{name}` placeholders (numbers in the current locale); see format-message.ts. */
export function interpolate(template: string, params?: MessageParams): string {
  return formatMessage(template, params, (n) => formatNumber(n));
}

/** The message `key` in the current language, with `params` filled in. */
export function t(key: MessageKey, params?: MessageParams): string {
  return interpolate(CATALOGS[current]?.[key] ?? french[key] ?? key, params);
}

/**
 * A server error code (+ params) in the pupil's words: `serverError.<code>` of the current
 * catalogue, or a calm generic sentence for a code the tablet does not know.
 */
export function serverErrorText(code: string | null | undefined, params?: MessageParams | null, fallback: MessageKey = 'serverError.unknown'): string {
  const catalogue = lookupIn(CATALOGS[current] ?? french);
  return errorMessage((c) => catalogue(TABLET_ERROR_PREFIX + c), t(fallback), code, params, (n) => formatNumber(n));
}

export function getLang(): Lang {
  return current;
}

export function getLocale(): string {
  return LOCALES[current];
}

/** Adds French words that travel in a lazy chunk (the work screens': work-messages.ts). */
export function addFrenchMessages(messages: Partial<Messages>): void {
  Object.assign(french, messages);
}

/** Switches language (loading its messages), persists it and tells subscribers (the App re-renders). */
export async function setLang(lang: Lang, persist = true): Promise<void> {
  CATALOGS[lang] ??= await LOADERS[lang]();
  if (persist) {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, lang);
    } catch {
      // not persisted: fine for this session
    }
  }
  if (lang === current) return;
  current = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  for (const l of listeners) l(lang);
}

/** Applies the language stored on this tablet (call once at start). */
export function restoreLang(): Promise<void> {
  return setLang(readStoredLang(), false);
}

export function subscribeLang(cb: (lang: Lang) => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

// Building an Intl formatter costs far more than formatting: one per locale and options, reused.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(kind: string, options: object | undefined, make: (locale: string) => F): F {
  const key = `${kind}|${getLocale()}|${JSON.stringify(options ?? null)}`;
  let f = formatters.get(key) as F | undefined;
  if (!f) formatters.set(key, (f = make(getLocale())));
  return f;
}

const DATE = { weekday: 'long', day: 'numeric', month: 'long' } as const;
const DATE_TIME = { ...DATE, hour: '2-digit', minute: '2-digit' } as const;
const SHORT_DATE = { day: 'numeric', month: 'short' } as const;
const TIME = { hour: '2-digit', minute: '2-digit' } as const;

/** A date (and time when `withTime`) in the current locale, e.g. "lundi 3 mars 2025 à 14:05". */
export function formatDate(iso: string | Date, withTime = false): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '';
  const options = withTime ? DATE_TIME : DATE;
  return cached('date', options, (l) => new Intl.DateTimeFormat(l, options)).format(d);
}

/**
 * A moment with its day, as the console says it too: « 3 mars à 14:05 » (fr), “3 Mar, 14:05” (en);
 * `todayAsTime`: the time alone when it is today (« dernière synchro : 14:05 »), for sentences
 * that do not say « le » before it.
 */
export function formatDateTime(iso: string | Date, options: { todayAsTime?: boolean; now?: Date } = {}): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '';
  const time = cached('date', TIME, (l) => new Intl.DateTimeFormat(l, TIME)).format(d);
  if (options.todayAsTime && d.toDateString() === (options.now ?? new Date()).toDateString()) return time;
  const day = cached('date', SHORT_DATE, (l) => new Intl.DateTimeFormat(l, SHORT_DATE)).format(d);
  return (current === 'fr' ? `${day} à ${time}` : `${day}, ${time}`).replace(/ /g, '\u00a0'); // one unbreakable piece
}

export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return cached('number', options, (l) => new Intl.NumberFormat(l, options)).format(n);
}

/** Bytes as "1,5 Mo" (fr) / "1.5 MB" (en). */
export function formatBytes(bytes: number): string {
  const units = current === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return `${formatNumber(v, { maximumFractionDigits: i === 0 ? 0 : 1 })}\u00a0${units[i]}`;
}

export function formatPercent(ratio: number): string {
  return formatNumber(ratio, { style: 'percent', maximumFractionDigits: 0 });
}
