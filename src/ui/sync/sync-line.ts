/**
 * The words of the sync line: calm for normal life (offline at home, the server busy), red
 * (`act`) only when the pupil must do something. Counts pieces of work, never bytes.
 */
import { formatDateTime, t } from '../../i18n/i18n.ts';
import '../../i18n/sync-messages.ts';
import { PUPIL_MUST_ACT } from '../../sync/sync-status.ts';
import type { SyncStatusView } from './sync-status-view.ts';

/** The sync line's words and tone for a status. Pure (tests/unit/ui/student-logic.test.ts). */
export function syncLine(status: SyncStatusView): { text: string; tone: 'calm' | 'act' } {
  if (status.state === 'unavailable') return { text: t('sync.unavailable'), tone: 'calm' };
  if (status.lastError && PUPIL_MUST_ACT.has(status.lastError)) return { text: t(`syncError.${status.lastError}`), tone: 'act' };
  const works = status.waiting.works;
  const toSend = works === 0 ? t('sync.allSent') : works === 1 ? t('sync.oneToSend') : t('sync.manyToSend', { count: works });
  if (status.state === 'syncing') return { text: t('sync.running'), tone: 'calm' };
  if (status.state === 'offline' || status.lastError === 'offline') {
    const later = works === 0 ? '' : ` ${works === 1 ? t('sync.oneLater') : t('sync.manyLater', { count: works })}`;
    return { text: `${t('sync.offlineCalm')}${later}`, tone: 'calm' };
  }
  if (status.lastError) return { text: `${t(`syncError.${status.lastError}`)} ${toSend}`, tone: 'calm' };
  const last = status.lastSyncAt ? t('sync.last', { time: formatDateTime(status.lastSyncAt, { todayAsTime: true }) }) : t('sync.never');
  return { text: `${toSend} · ${last}`, tone: 'calm' };
}

