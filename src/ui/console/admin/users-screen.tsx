/** IT referent: teachers' and referents' accounts (create, archive / reactivate, a temporary password to change at the next sign-in). */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Role } from '../../../protocol/entities.ts';
import type { UserInfo } from '../../../protocol/console.ts';
import { useConsole } from '../console-context.ts';
import { useConsoleI18n } from '../console-i18n.ts';
import { ArchiveToggle, ErrorBox, LoadGate, ScreenTitle } from '../console-widgets.tsx';
import { useLoad } from '../use-load.ts';
import { useSaveAction } from '../use-save-action.ts';

export function UsersScreen() {
  const { api } = useConsole();
  const { t, te } = useConsoleI18n();
  const users = useLoad(() => api.users(), []);
  const [form, setForm] = useState({ login: '', displayName: '', password: '', role: 'teacher' as Role });
  const { act, error } = useSaveAction(users.reload);
  const { announce, user: me } = useConsole();
  const [resetting, setResetting] = useState<UserInfo | null>(null);
  const [temp, setTemp] = useState('');
  const [resetError, setResetError] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (resetting && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [resetting]);
  const saveTemporary = async (e: Event) => {
    e.preventDefault();
    const u = resetting;
    if (!u) return;
    setResetError(null);
    try {
      await api.updateUser(u.id, { password: temp, temporary: true });
      dialog.current?.close();
      users.reload();
      announce(t('admin.users.resetDone', { name: u.displayName }));
    } catch (err) {
      setResetError(te(err)); // the dialog stays open with the refusal
    }
  };
  return (
    <>
      <ScreenTitle>{t('admin.users.title')}</ScreenTitle>
      <LoadGate loaded={users}>
        {(list) => (
          <table class="cc-table">
            <thead><tr><th scope="col">{t('admin.users.name')}</th><th scope="col">{t('admin.users.login')}</th><th scope="col">{t('admin.users.role')}</th><th scope="col"><span class="cc-visually-hidden">{t('admin.users.archive')}</span></th></tr></thead>
            <tbody>
              {list.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    {u.displayName}{u.archived && <span class="cc-hint"> ({t('admin.users.archived')})</span>}
                    {u.mustChangePassword && <span class="cc-hint"> ({t('admin.users.mustChange')})</span>}
                  </th>
                  <td>{u.login}</td>
                  <td>{t(u.role === 'it' ? 'role.it' : 'role.teacher')}</td>
                  <td class="cc-actions">
                    {!u.archived && u.id !== me.id && (
                      <button type="button" onClick={() => setResetting(u)}>{t('admin.users.reset')}<span class="cc-visually-hidden"> {t('admin.users.resetFor', { name: u.displayName })}</span></button>
                    )}
                    <ArchiveToggle archived={u.archived} name={u.displayName} onToggle={() => void act(() => api.updateUser(u.id, { archived: !u.archived }))} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LoadGate>
      {resetting && (
        <dialog ref={dialog} class="cc-dialog" aria-labelledby="reset-title" onClose={() => { setResetting(null); setTemp(''); setResetError(null); }}>
          <h2 id="reset-title">{t('admin.users.resetTitle', { name: resetting.displayName })}</h2>
          <p id="reset-help">{t('admin.users.resetHelp', { name: resetting.displayName })}</p>
          <form class="cc-form" onSubmit={(e) => void saveTemporary(e)}>
            <label for="reset-pass">{t('admin.users.resetPassword')}</label>
            <input id="reset-pass" type="text" required minLength={8} autocomplete="off" aria-describedby="reset-help" value={temp} onInput={(e) => setTemp(e.currentTarget.value)} />
            {resetError && <p class="cc-error" role="alert">{resetError}</p>}
            <div class="cc-row">
              <button type="submit" class="cc-primary">{t('admin.users.resetConfirm')}</button>
              <button type="button" onClick={() => dialog.current?.close()}>{t('app.cancel')}</button>
            </div>
          </form>
        </dialog>
      )}
      <h2>{t('admin.users.add')}</h2>
      <form class="cc-form" onSubmit={(e) => { e.preventDefault(); void act(async () => { await api.createUser(form); setForm({ ...form, login: '', displayName: '', password: '' }); }); }}>
        <div class="cc-row">
          <div class="cc-field"><label for="u-name">{t('admin.users.name')}</label><input id="u-name" required value={form.displayName} onInput={(e) => setForm({ ...form, displayName: e.currentTarget.value })} /></div>
          <div class="cc-field"><label for="u-login">{t('admin.users.login')}</label><input id="u-login" required autocomplete="off" value={form.login} onInput={(e) => setForm({ ...form, login: e.currentTarget.value })} /></div>
          <div class="cc-field"><label for="u-pass">{t('admin.users.password')}</label><input id="u-pass" type="password" required minLength={8} autocomplete="new-password" value={form.password} onInput={(e) => setForm({ ...form, password: e.currentTarget.value })} /></div>
          <div class="cc-field">
            <label for="u-role">{t('admin.users.role')}</label>
            <select id="u-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.currentTarget.value as Role })}>
              <option value="teacher">{t('role.teacher')}</option>
              <option value="it">{t('role.it')}</option>
            </select>
          </div>
        </div>
        {error && <ErrorBox error={error} />}
        <button type="submit" class="cc-primary">{t('app.create')}</button>
      </form>
    </>
  );
}
