/** « Nouvelle version disponible » — non-blocking; the update runs only when the student taps it. */
import { useEffect, useState } from 'preact/hooks';
import { applyUpdate, onUpdateAvailable } from '../../pwa/register.ts';
import { t } from '../../i18n/i18n.ts';

export function UpdateBanner() {
  const [waiting, setWaiting] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  useEffect(() => onUpdateAvailable(() => setWaiting(true)), []);
  if (!waiting || dismissed) return null;
  return (
    <div class="update-banner" role="status">
      <span>{t('update.available')}</span>
      <button type="button" class="primary" onClick={() => void applyUpdate()}>
        {t('update.apply')}
      </button>
      <button type="button" onClick={() => setDismissed(true)}>
        {t('update.later')}
      </button>
    </div>
  );
}
