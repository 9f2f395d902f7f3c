/**
 * Catches a screen that cannot show itself — a live query of IndexedDB that failed, a lazy
 * chunk that did not load — and says so in the pupil's words with a way out (« Réessayer »,
 * « Retour à l'accueil »), never a blank page nor « Chargement… » forever. The work on the
 * tablet is untouched: this is only the screen.
 */
import type { ComponentChildren } from 'preact';
import { useErrorBoundary } from 'preact/hooks';
import { navigate } from './router.ts';
import { t } from '../../i18n/i18n.ts';

export function ScreenBoundary({ children }: { children: ComponentChildren }) {
  const [error, reset] = useErrorBoundary((err: unknown) => console.error('[screen] failed', err));
  if (!error) return <>{children}</>;
  return (
    <div class="notice error" role="alert">
      <p>{t('error.screenFailed')}</p>
      <div class="row">
        <button type="button" class="primary" onClick={reset}>
          {t('error.retry')}
        </button>
        <button
          type="button"
          onClick={() => {
            navigate('/');
            reset();
          }}
        >
          {t('app.backHome')}
        </button>
      </div>
    </div>
  );
}
