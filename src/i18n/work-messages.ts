/**
 * Registers the work screens' French words in the catalogue (a side effect of importing
 * this module). Every work screen imports it, so its words arrive with its chunk; the
 * English catalogue is one lazy chunk with every key anyway.
 */
import { frWork } from './messages-fr-work.ts';
import { type MessageParams } from './format-message.ts';
import { formatPluralMessage } from './format-plural.ts';
import { addFrenchMessages, formatNumber, getLocale, t } from './i18n.ts';
import type { MessageKey } from './messages-fr.ts';

addFrenchMessages(frWork);

/**
 * `t()` with `{count, plural, one {…} other {…}}` choices (Intl.PluralRules of the current
 * language): « 1 question sans réponse », « 2 questions sans réponse », « 1,5 point », never
 * « question(s) ». The console's plural engine, here in the work screens' chunk so the first
 * screen does not carry it.
 */
export function tp(key: MessageKey, params: MessageParams): string {
  return formatPluralMessage(t(key), params, (n) => formatNumber(n), getLocale());
}
