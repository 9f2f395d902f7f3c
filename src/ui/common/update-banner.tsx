/** « Nouvelle version disponible » — non-blocking; the update runs only when the student taps it. */
import { useEffect, useState } from 'preact/hooks';
import { applyUpdate, onUpdateAvailable } from '../../pwa/update-state.ts';
import { t } from '../../i18n/i18n.ts';

export function UpdateBanner() {
  const [waiting, setWaiting] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => onUpdateAvailable(() => setWaiting(true)), []);
  if (!waiting || dismissed) return null;
  return (
    <div class="update-banner" role="status">
      <span>{failed ? t('update.failed') : t('update.available')}</span>
      {/* applyUpdate rejects without reloading when the draft could not be saved first: say so, let them retry. */}
      <button type="button" class="primary" onClick={() => applyUpdate().catch(() => setFailed(true))}>
        {t('update.apply')}
      </button>
      <button type="button" onClick={() => setDismissed(true)}>
        {t('update.later')}
      </button>
    </div>
  );
}
