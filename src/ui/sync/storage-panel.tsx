/** Space used / available on the tablet, with a warning before it is full. */
import { formatBytes, formatPercent, t } from '../../i18n/i18n.ts';
import { storageLevel, type StorageView } from './sync-status-view.ts';

export function StoragePanel({ storage }: { storage: StorageView | null }) {
  const level = storageLevel(storage);
  return (
    <section class="card" aria-labelledby="storage-title">
      <h2 id="storage-title">{t('storage.title')}</h2>
      {storage && level !== 'unknown' ? (
        <>
          <p>
            {t('storage.usage', {
              used: formatBytes(storage.usage),
              quota: formatBytes(storage.quota),
              percent: formatPercent(storage.usage / storage.quota),
            })}
          </p>
          <meter min={0} max={storage.quota} value={storage.usage} high={storage.quota * 0.85} aria-label={t('storage.title')} />
          {level === 'warning' && (
            <p class="notice warn" role="alert">
              {t('storage.warning')}
            </p>
          )}
        </>
      ) : (
        <p class="muted">{t('storage.unknown')}</p>
      )}
    </section>
  );
}
