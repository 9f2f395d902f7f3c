/**
 * The teacher's annotations over the pupil's own photo, in words (issue 13): photo-question.tsx
 * draws the layer over the photo (it came with the feedback, so it shows offline) and says the
 * same for everyone — « 3 annotations du professeur : 1 cercle, 1 croix et
 * « Revois la retenue ». » — which is also what a screen reader reads.
 */
import type { AnnotationMark } from '../../protocol/annotations.ts';
import { getLocale, t } from '../../i18n/i18n.ts';
import { tp } from '../../i18n/work-messages.ts';

/** The marks in words, counted by tool, texts quoted, in the tablet's language. */
export function annotationSummary(marks: readonly AnnotationMark[]): string {
  const count = (kind: AnnotationMark['kind']) => marks.filter((m) => m.kind === kind).length;
  const parts: string[] = [];
  for (const kind of ['tick', 'cross', 'circle', 'pen'] as const) {
    const n = count(kind);
    if (n > 0) parts.push(tp(`annotations.${kind}`, { count: n }));
  }
  for (const m of marks) if (m.kind === 'text') parts.push(t('annotations.text', { text: m.text }));
  const list = new Intl.ListFormat(getLocale(), { type: 'conjunction' }).format(parts);
  return tp('annotations.summary', { count: marks.length, list });
}
