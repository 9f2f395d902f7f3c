/** "Not found, or not yours": the same answer for both, so ids reveal nothing. */
import { navigate } from './router.ts';
import { t } from '../../i18n/i18n.ts';

export function NotFoundMessage() {
  return (
    <section>
      <h1>{t('app.notFound')}</h1>
      <a class="button" href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>
        {t('app.backHome')}
      </a>
    </section>
  );
}
