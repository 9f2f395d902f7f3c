/**
 * The always-visible sync line and « Synchroniser ». Offline at home is normal life, not an
 * error: a calm line says the work is kept on the tablet and how many pieces of work will go
 * out. Red is only for what the pupil must act on (sign in again, tell the teacher, the
 * tablet is full). No byte counts, no technical words. A chunk of its own, with its words,
 * loaded once the first screen is shown (lazy-sync-bar.tsx): the first screen stays light.
 */
import { t } from '../../i18n/i18n.ts';
import '../../i18n/sync-messages.ts';
import type { SyncStatusView } from './sync-status-view.ts';
import { syncLine } from './sync-line.ts';

export function SyncBar({ status, onSync }: { status: SyncStatusView; onSync(): void }) {
  const syncing = status.state === 'syncing';
  const line = syncLine(status);
  return (
    <footer class="sync-bar" aria-label={t('sync.title')}>
      <div class="sync-text" role="status" aria-live="polite">
        <span class={line.tone === 'act' ? 'sync-error' : undefined}>{line.text}</span>
        {syncing && <progress max={1} value={status.progress ?? undefined} aria-label={t('sync.running')} />}
      </div>
      <button type="button" class="primary" onClick={onSync} disabled={syncing || status.state === 'unavailable'}>
        {t('sync.now')}
      </button>
    </footer>
  );
}
