/** IT referent: teachers' and referents' accounts (create, archive / reactivate). */
import { useState } from 'preact/hooks';
import type { Role } from '../../../protocol/entities.ts';
import { useConsole } from '../console-context.ts';
import { useConsoleI18n } from '../console-i18n.ts';
import { ArchiveToggle, ErrorBox, LoadGate, ScreenTitle } from '../console-widgets.tsx';
import { useLoad } from '../use-load.ts';
import { useSaveAction } from '../use-save-action.ts';

export function UsersScreen() {
  const { api } = useConsole();
  const { t } = useConsoleI18n();
  const users = useLoad(() => api.users(), []);
  const [form, setForm] = useState({ login: '', displayName: '', password: '', role: 'teacher' as Role });
  const { act, error } = useSaveAction(users.reload);
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
                  <th scope="row">{u.displayName}{u.archived && <span class="cc-hint"> ({t('admin.users.archived')})</span>}</th>
                  <td>{u.login}</td>
                  <td>{t(u.role === 'it' ? 'role.it' : 'role.teacher')}</td>
                  <td>
                    <ArchiveToggle archived={u.archived} name={u.displayName} onToggle={() => void act(() => api.updateUser(u.id, { archived: !u.archived }))} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LoadGate>
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
