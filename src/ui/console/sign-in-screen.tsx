/** The console's sign-in: login and password, errors in plain words (wrong, locked). */
import { useState } from 'preact/hooks';
import type { SessionUser } from '../../protocol/auth.ts';
import { ApiError, type ConsoleApi } from './console-api.ts';
import { useConsoleI18n } from './console-i18n.ts';
import { ScreenTitle } from './console-widgets.tsx';

export function SignInScreen(props: { api: ConsoleApi; onSignedIn: (u: SessionUser) => void; notice?: string }) {
  const { t, te } = useConsoleI18n();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await props.api.login(login.trim(), password));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 423 ? t('signIn.locked') : err instanceof ApiError && err.status === 401 ? t('signIn.wrong') : t('app.error', { message: te(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="cc-main" class="cc-signin">
      <ScreenTitle>{t('signIn.title')}</ScreenTitle>
      {props.notice && <p role="status">{props.notice}</p>}
      <form onSubmit={(e) => void submit(e)} class="cc-form">
        <label for="cc-login">{t('signIn.login')}</label>
        <input id="cc-login" name="login" autocomplete="username" required value={login} onInput={(e) => setLogin(e.currentTarget.value)} />
        <label for="cc-password">{t('signIn.password')}</label>
        <input id="cc-password" name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        {error && <p class="cc-error" role="alert">{error}</p>}
        <button type="submit" class="cc-primary" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
      <p class="cc-hint">{t('signIn.sharedNote')}</p>
    </main>
  );
}
