/**
 * Plurals and French elision on top of format-message.ts: the console's texts and the tablet's
 * lazy work messages use it; the first screen does not (it stays within its budget).
 */
import { elideTemplate } from './elision.ts';
import { formatMessage, type MessageParams } from './format-message.ts';

/**
 * `{count, plural, one {# devoir} other {# devoirs}}`: the branch chosen by `Intl.PluralRules`
 * of `locale` (`=0`, `=1`… first, then zero/one/two/few/many/other), `#` the number formatted.
 * Branches hold plain words and `#` only (no nested placeholder): « 1 copie rendue », never « copie(s) ».
 */
const PLURAL = /\{(\w+), plural,((?:\s*=?\w+\s*\{[^{}]*\})+)\s*\}/g;

function choosePlural(branches: string, n: number, locale: string): string | undefined {
  const options = new Map(Array.from(branches.matchAll(/(=?\w+)\s*\{([^{}]*)\}/g), (m) => [m[1]!, m[2]!]));
  return options.get(`=${n}`) ?? options.get(new Intl.PluralRules(locale).select(n)) ?? options.get('other');
}

/**
 * `formatMessage` with `{name, plural, …}` choices first (the console's texts), and in French
 * the elision of « de » before a name (« Copie d’Inès »). A module of
 * its own so that the tablet's first screen (format-message.ts), whose texts have no plural, does not ship it
 * (tests/e2e/pwa-budget.test.ts).
 */
export function formatPluralMessage(template: string, params?: MessageParams, formatNumber: (n: number) => string = String, locale = 'fr'): string {
  if (!params) return template;
  // French: « de {name} » is « d’Inès » before a vowel or a mute h (elision.ts).
  const elided = locale.startsWith('fr') ? elideTemplate(template, params) : template;
  const withPlurals = elided.replace(PLURAL, (all, name: string, branches: string) => {
    const v = params[name];
    if (typeof v !== 'number') return all;
    const chosen = choosePlural(branches, v, locale);
    return chosen === undefined ? all : chosen.replace(/#/g, formatNumber(v));
  });
  return formatMessage(withPlurals, params, formatNumber);
}
