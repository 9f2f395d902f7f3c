/** The tablet's live-class words (src/i18n/live-*.ts) in the tablet's language; they travel with the live chunk. */
import { liveTabletFr } from '../../i18n/live-fr.ts';
import { liveTabletEn } from '../../i18n/live-en.ts';
import { getLang, interpolate } from '../../i18n/i18n.ts';
import type { MessageParams } from '../../i18n/format-message.ts';

export type LiveWord = keyof typeof liveTabletFr;

export function lt(key: LiveWord, params?: MessageParams): string {
  return interpolate((getLang() === 'en' ? liveTabletEn : liveTabletFr)[key], params);
}
