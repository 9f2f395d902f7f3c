/** "Retour" to the home screen. */
import { navigate } from './router.ts';
import { t } from '../../i18n/i18n.ts';

export function BackLink() {
  return (
    <a class="button" href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>
      ← {t('app.back')}
    </a>
  );
}
