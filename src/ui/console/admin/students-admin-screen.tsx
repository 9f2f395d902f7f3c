/** IT referent: the students of a class (add, rename, new secret code, archive). */
import { useState } from 'preact/hooks';
import { useConsole } from '../console-context.ts';
import { useConsoleI18n } from '../console-i18n.ts';
import { ArchiveToggle, ErrorBox, LoadGate, ScreenTitle } from '../console-widgets.tsx';
import { useLoad } from '../use-load.ts';
import { useSaveAction } from '../use-save-action.ts';
import { sortRows } from '../follow-status.ts';

export function StudentsAdminScreen() {
  const { api } = useConsole();
  const { t } = useConsoleI18n();
  const classes = useLoad(() => api.classes(), []);
  const [classId, setClassId] = useState('');
  const students = useLoad(() => (classId ? api.students(classId) : Promise.resolve([])), [classId]);
  const [form, setForm] = useState({ firstName: '', lastName: '', secret: '' });
  const { act, error } = useSaveAction(students.reload);
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
                        <button type="button" aria-label={`${t('admin.students.newSecret')} — ${s.firstName} ${s.lastName}`} onClick={() => {
                          const secret = prompt(`${t('admin.students.newSecret')} — ${s.firstName} ${s.lastName}`);
                          if (secret) void act(() => api.updateStudent(s.id, { secret }));
                        }}>{t('admin.students.newSecret')}</button>
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
