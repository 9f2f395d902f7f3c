/** IT referent: the students of a class (add, rename, new secret code, archive). */
import { useState } from 'preact/hooks';
import { useConsole } from '../console-context.ts';
import { useConsoleI18n } from '../console-i18n.ts';
import { ArchiveToggle, ErrorBox, LoadGate, ScreenTitle } from '../console-widgets.tsx';
import { useLoad } from '../use-load.ts';
import { useSaveAction } from '../use-save-action.ts';
import { sortRows } from '../follow-status.ts';
import { FollowUpDialog } from '../follow-up-dialog.tsx';
import type { StudentCard } from '../../../protocol/entities.ts';

export function StudentsAdminScreen() {
  const { api } = useConsole();
  const { t } = useConsoleI18n();
  const classes = useLoad(() => api.classes(), []);
  const [classId, setClassId] = useState('');
  const students = useLoad(() => (classId ? api.students(classId) : Promise.resolve([])), [classId]);
  const [form, setForm] = useState({ firstName: '', lastName: '', secret: '' });
  const { act, error } = useSaveAction(students.reload);
  // « Nouveau code » asks in the console's own dialog (the browser's prompt() looked like a prototype and said nothing of the rule).
  const [secretFor, setSecretFor] = useState<StudentCard | null>(null);
  const [newSecret, setNewSecret] = useState('');
  return (
    <>
      <ScreenTitle>{t('admin.students.title')}</ScreenTitle>
      <LoadGate loaded={classes}>
        {(list) => (
          <div class="cc-field cc-field-small">
            <label for="s-class">{t('admin.students.class')}</label>
            <select id="s-class" value={classId} onChange={(e) => setClassId(e.currentTarget.value)}>
              <option value="">—</option>
              {list.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </div>
        )}
      </LoadGate>
      {error && <ErrorBox error={error} />}
      {!classId && <p class="cc-hint">{t('admin.students.pick')}</p>}
      {classId && (
        <>
          <LoadGate loaded={students}>
            {(list) => (
              <table class="cc-table">
                <thead><tr><th scope="col">{t('admin.students.last')}</th><th scope="col">{t('admin.students.first')}</th><th scope="col">{t('admin.students.secret')}</th><th scope="col"><span class="cc-visually-hidden">{t('admin.users.archive')}</span></th></tr></thead>
                <tbody>
                  {sortRows(list.map((student) => ({ student }))).map(({ student: s }) => (
                    <tr key={s.id}>
                      <th scope="row">{s.lastName}{s.archived && <span class="cc-hint"> ({t('admin.users.archived')})</span>}</th>
                      <td>{s.firstName}</td>
                      <td>
                        <button type="button" aria-label={`${t('admin.students.newSecret')} — ${s.firstName} ${s.lastName}`} onClick={() => { setNewSecret(''); setSecretFor(s); }}>{t('admin.students.newSecret')}</button>
                      </td>
                      <td>
                        <ArchiveToggle archived={s.archived} name={`${s.firstName} ${s.lastName}`} onToggle={() => void act(() => api.updateStudent(s.id, { archived: !s.archived }))} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </LoadGate>
          {secretFor && (
            <FollowUpDialog id="s-new-secret" title={t('admin.students.newSecretTitle', { name: `${secretFor.firstName} ${secretFor.lastName}` })} onClose={() => setSecretFor(null)}
              actions={<button type="submit" form="s-new-secret-form" class="cc-primary">{t('app.save')}</button>}>
              <form id="s-new-secret-form" onSubmit={(e) => { e.preventDefault(); const s = secretFor; setSecretFor(null); void act(() => api.updateStudent(s.id, { secret: newSecret.trim() })); }}>
                <div class="cc-field">
                  <label for="s-new-secret-input">{t('admin.students.secret')}</label>
                  <input id="s-new-secret-input" required minLength={4} maxLength={64} autocomplete="off" aria-describedby="s-new-secret-help" value={newSecret} onInput={(e) => setNewSecret(e.currentTarget.value)} />
                  <span id="s-new-secret-help" class="cc-hint">{t('admin.students.newSecretHelp')}</span>
                </div>
              </form>
            </FollowUpDialog>
          )}
          <h2>{t('admin.students.add')}</h2>
          <form class="cc-form cc-row" onSubmit={(e) => { e.preventDefault(); void act(async () => { await api.createStudent(classId, form); setForm({ firstName: '', lastName: '', secret: '' }); }); }}>
            <div class="cc-field"><label for="s-last">{t('admin.students.last')}</label><input id="s-last" required value={form.lastName} onInput={(e) => setForm({ ...form, lastName: e.currentTarget.value })} /></div>
            <div class="cc-field"><label for="s-first">{t('admin.students.first')}</label><input id="s-first" required value={form.firstName} onInput={(e) => setForm({ ...form, firstName: e.currentTarget.value })} /></div>
            <div class="cc-field"><label for="s-secret">{t('admin.students.secret')}</label><input id="s-secret" required minLength={4} autocomplete="off" value={form.secret} onInput={(e) => setForm({ ...form, secret: e.currentTarget.value })} /></div>
            <button type="submit" class="cc-primary">{t('app.create')}</button>
          </form>
        </>
      )}
    </>
  );
}
