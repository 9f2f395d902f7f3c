/**
 * « Nouvelle version disponible » — non-blocking; the update runs only when the student taps it
 * (or, piloted by the school server, inside its update window when nobody uses the tablet:
 * src/pwa/update-policy.ts). Below the school's minimum version (issue 16) it says
 * « Mise à jour nécessaire » instead, cannot be dismissed, and says the work still goes out.
 */
import { useEffect, useState } from 'preact/hooks';
import { applyUpdate, isBelowMinimumVersion, onBelowMinimumVersion, onUpdateAvailable } from '../../pwa/update-state.ts';
import { t } from '../../i18n/i18n.ts';

export function UpdateBanner() {
  const [waiting, setWaiting] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [failed, setFailed] = useState(false);
  const [required, setRequired] = useState(isBelowMinimumVersion);
  useEffect(() => onUpdateAvailable(() => setWaiting(true)), []);
  useEffect(() => onBelowMinimumVersion(() => setRequired(isBelowMinimumVersion())), []);
  const apply = () => applyUpdate().catch(() => setFailed(true));
  if (required) {
    return (
      <div class="update-banner update-required" role="status">
        <strong>{t('update.required')}</strong>
        <span>{failed ? t('update.failed') : waiting ? t('update.requiredReady') : t('update.requiredHelp')}</span>
        {waiting && <button type="button" class="primary" onClick={apply}>{t('update.apply')}</button>}
      </div>
    );
  }
  if (!waiting || dismissed) return null;
  return (
    <div class="update-banner" role="status">
      <span>{failed ? t('update.failed') : t('update.available')}</span>
      {/* applyUpdate rejects without reloading when the draft could not be saved first: say so, let them retry. */}
      <button type="button" class="primary" onClick={apply}>
        {t('update.apply')}
      </button>
      <button type="button" onClick={() => setDismissed(true)}>
        {t('update.later')}
      </button>
    </div>
  );
}
