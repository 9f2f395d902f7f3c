/**
 * « Choisissez un nouveau mot de passe »: after the IT referent set a temporary password, the
 * adult's first screen, before anything else (the server refuses every other call of the
 * session until then, password_change_required). The temporary password, the new one twice.
 */
import { useState } from 'preact/hooks';
import { useConsoleI18n } from './console-i18n.ts';
import { ScreenTitle } from './console-widgets.tsx';
import type { ConsoleApi } from './console-api.ts';

export function ChangePasswordScreen(props: { api: ConsoleApi; onChanged: () => void; onSignOut: () => void }) {
  const { t, te } = useConsoleI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (next !== again) {
      setError(t('password.mismatch'));
      return;
    }
    setBusy(true);
    try {
      await props.api.changePassword(current, next);
      props.onChanged();
    } catch (err) {
      setError(te(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="cc-main" class="cc-signin">
      <ScreenTitle>{t('password.title')}</ScreenTitle>
      <p id="pw-help">{t('password.help')}</p>
      <form onSubmit={(e) => void submit(e)} class="cc-form" aria-describedby="pw-help">
        <label for="pw-current">{t('password.current')}</label>
        <input id="pw-current" type="password" autocomplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
        <label for="pw-new">{t('password.new')}</label>
        <input id="pw-new" type="password" autocomplete="new-password" required minLength={8} aria-describedby="pw-rule" value={next} onInput={(e) => setNext(e.currentTarget.value)} />
        <p class="cc-hint" id="pw-rule">{t('password.rule')}</p>
        <label for="pw-again">{t('password.again')}</label>
        <input id="pw-again" type="password" autocomplete="new-password" required minLength={8} value={again} onInput={(e) => setAgain(e.currentTarget.value)} />
        {error && <p class="cc-error" role="alert">{error}</p>}
        <div class="cc-row">
          <button type="submit" class="cc-primary" disabled={busy}>{t('password.submit')}</button>
          <button type="button" onClick={props.onSignOut}>{t('app.signOut')}</button>
        </div>
      </form>
    </main>
  );
}
