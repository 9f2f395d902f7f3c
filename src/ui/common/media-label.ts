/**
 * What a pupil reads for one of the teacher's media (alt text, caption, player's name): an
 * image's description; an image the teacher did not describe is « Image 2 » (its place among
 * the images shown together) — a file name such as « IMG_0815.jpg » means nothing to a child
 * and is read aloud by a screen reader; a sound, its file name without the extension.
 */
import type { MediaRef } from '../../protocol/entities.ts';
import { t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts';

/** The label of `m`; `imageNumber`: its place (from 1) among the images shown with it. */
export function mediaLabel(m: Pick<MediaRef, 'kind' | 'description' | 'name'>, imageNumber = 1): string {
  const described = m.description?.trim();
  if (m.kind === 'image') return described || t('image.numbered', { n: imageNumber });
  return m.name.replace(/\.[A-Za-z0-9]{1,5}$/, '') || m.name;
}

/** Whether an alt text is only the file's name (what the console writes into the Markdown at upload). */
export const isFileName = (alt: string, m: Pick<MediaRef, 'name'>): boolean => !alt.trim() || alt.trim() === m.name || alt.trim() === m.name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
