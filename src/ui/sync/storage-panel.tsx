/**
 * The tablet's space, only when it matters: nothing while there is room (a pupil has no use
 * for « 979,1 Ko utilisés sur 10,7 Go »), and a plain warning in words when the tablet is
 * getting full, so photos and recordings go out before there is no room left.
 */
import { t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // its words travel with the home screen's chunk
import { storageLevel, type StorageView } from './sync-status-view.ts';

export function StoragePanel({ storage }: { storage: StorageView | null }) {
  if (storageLevel(storage) !== 'warning') return null;
  return (
    <section class="card notice warn" aria-labelledby="storage-title">
      <h2 id="storage-title">{t('storage.title')}</h2>
      <p>{t('storage.warning')}</p>
    </section>
  );
}
