/**
 * The class's (or the group's) progress on an assignment: one stacked SVG bar (no chart library) with a
 * text equivalent — the SVG has role="img" and a title/desc, and the same counts are
 * listed in plain text next to it, so nothing depends on seeing the colours.
 */
import type { ConsoleMessageKey } from '../../i18n/console-fr.ts';
import { FOLLOW_STATUSES, progressSegments, type FollowStatus, followCounts } from './follow-status.ts';
import type { SubmissionRow } from '../../protocol/console.ts';
import { labelSeparator, useConsoleI18n } from './console-i18n.ts';

/** The message key naming each status. */
export const STATUS_LABEL: Record<FollowStatus, ConsoleMessageKey> = {
  returned: 'fs.returned', 'on-time': 'fs.onTime', late: 'fs.late', draft: 'fs.draft', 'not-started': 'fs.notStarted',
};

/** `group`: the assignment went to one group of the class (« Avancement du groupe »). */
export function ProgressChart(props: { rows: readonly SubmissionRow[]; group?: boolean }) {
  const { t, lang } = useConsoleI18n();
  const counts = followCounts(props.rows);
  const segments = progressSegments(counts);
  const handedIn = counts.returned + counts['on-time'] + counts.late;
  const summary = t('follow.chartSummary', { submitted: handedIn, total: counts.total });
  const desc = FOLLOW_STATUSES.map((s) => `${t(STATUS_LABEL[s])}${labelSeparator(lang)}${counts[s]}`).join(', ');
  return (
    <figure class="cc-chart" aria-labelledby="cc-chart-caption">
      <figcaption id="cc-chart-caption">
        <strong>{t(props.group ? 'follow.chartGroup' : 'follow.chart')}</strong> — {summary}
      </figcaption>
      <svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-labelledby="cc-chart-title cc-chart-desc" class="cc-chart-bar">
        <title id="cc-chart-title">{summary}</title>
        <desc id="cc-chart-desc">{desc}</desc>
        <rect x="0" y="0" width="100" height="10" class="cc-seg-empty" />
        {segments.map((s) => (
          <rect key={s.status} x={s.x} y={0} width={s.width} height={10} class={`cc-seg cc-seg-${s.status}`} />
        ))}
      </svg>
      <ul class="cc-legend">
        {FOLLOW_STATUSES.map((s) => (
          <li key={s}>
            <span class={`cc-swatch cc-seg-${s}`} aria-hidden="true" /> {t(STATUS_LABEL[s])}{labelSeparator(lang)}<strong>{counts[s]}</strong>
          </li>
        ))}
      </ul>
    </figure>
  );
}
