/** The always-visible sync status (last sync, waiting items, progress, last error) and "Synchroniser". */
import { formatBytes, formatDateTime, t } from '../../i18n/i18n.ts';
import type { SyncStatusView } from './sync-status-view.ts';

export function SyncBar({ status, onSync }: { status: SyncStatusView; onSync(): void }) {
  const syncing = status.state === 'syncing';
  return (
    <footer class="sync-bar" aria-label={t('sync.title')}>
      <div class="sync-text" role="status" aria-live="polite">
        {status.state === 'unavailable' ? (
          <span>{t('sync.unavailable')}</span>
        ) : (
          <>
            <span>{syncing ? t('sync.running') : status.lastSyncAt ? t('sync.last', { time: formatDateTime(status.lastSyncAt) }) : t('sync.never')}</span>
            {status.state === 'offline' && <span> · {t('sync.offline')}</span>}
            <span>
              {' · '}
              {status.waiting.items > 0
                ? t('sync.waiting', { items: status.waiting.items, size: formatBytes(status.waiting.bytes) })
                : t('sync.nothingWaiting')}
            </span>
            {status.lastError && <div class="sync-error">{t('sync.error', { message: status.lastError })}</div>}
          </>
        )}
        {syncing && (
          <progress
            max={1}
            value={status.progress ?? undefined}
            aria-label={t('sync.running')}
          />
        )}
      </div>
      <button type="button" class="primary" onClick={onSync} disabled={syncing || status.state === 'unavailable'}>
        {t('sync.now')}
      </button>
    </footer>
  );
}
