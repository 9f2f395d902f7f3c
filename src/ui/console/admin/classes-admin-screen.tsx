/** IT referent: classes (name, teachers) and each class's groups (name, members). */
import { useState } from 'preact/hooks';
import type { ClassSummary, UserInfo } from '../../../protocol/console.ts';
import { useConsole } from '../console-context.ts';
import { useConsoleI18n } from '../console-i18n.ts';
import { ErrorBox, LoadGate, ScreenTitle } from '../console-widgets.tsx';
import { useLoad } from '../use-load.ts';
import { useSaveAction } from '../use-save-action.ts';
import { SUBJECT_SUGGESTIONS } from '../../common/subject-colour.ts';

/** The class's subject: its assignments' default, shown on the pupils' homework diary. */
function SubjectField(props: { klass: ClassSummary; onSave: (subject: string | null) => void }) {
  const { t } = useConsoleI18n();
  const [value, setValue] = useState(props.klass.subject ?? '');
  const id = `c-subject-${props.klass.id}`;
  return (
    <form class="cc-form cc-row" onSubmit={(e) => { e.preventDefault(); props.onSave(value.trim() || null); }}>
      <div class="cc-field"><label for={id}>{t('admin.classes.subject')} — {props.klass.name}</label>
        <input id={id} maxLength={60} list="c-subjects" value={value} onInput={(e) => setValue(e.currentTarget.value)} /></div>
      <button type="submit">{t('admin.classes.saveSubject')}</button>
    </form>
  );
}

export function ClassesAdminScreen() {
  const { api } = useConsole();
  const { t } = useConsoleI18n();
  const loaded = useLoad(() => Promise.all([api.classes(), api.users()]), []);
  const [name, setName] = useState('');
  const [openClass, setOpenClass] = useState<string | null>(null);
  const { act, error } = useSaveAction(loaded.reload);
  return (
    <>
      <ScreenTitle>{t('admin.classes.title')}</ScreenTitle>
      {error && <ErrorBox error={error} />}
      <LoadGate loaded={loaded}>
        {([classes, users]) => (
          <ul class="cc-list">
            {classes.map((c) => (
              <li key={c.id} class="cc-list-item">
                <h2 class="cc-item-title">{c.name}</h2>
                <SubjectField klass={c} onSave={(subject) => void act(() => api.updateClass(c.id, { subject }))} />
                <TeacherPicker klass={c} teachers={users.filter((u) => u.role === 'teacher' && !u.archived)} onSave={(ids) => void act(() => api.updateClass(c.id, { teacherIds: ids }))} />
                <button type="button" aria-expanded={openClass === c.id} onClick={() => setOpenClass(openClass === c.id ? null : c.id)}>
                  {t('admin.groups.title', { className: c.name })}
                </button>
                {openClass === c.id && <GroupsEditor classId={c.id} className={c.name} />}
              </li>
            ))}
          </ul>
        )}
      </LoadGate>
      <datalist id="c-subjects">{SUBJECT_SUGGESTIONS.map((x) => <option key={x} value={x} />)}</datalist>
      <h2>{t('admin.classes.add')}</h2>
      <form class="cc-form cc-row" onSubmit={(e) => { e.preventDefault(); void act(async () => { await api.createClass({ name: name.trim() }); setName(''); }); }}>
        <div class="cc-field"><label for="c-name">{t('admin.classes.name')}</label><input id="c-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} /></div>
        <button type="submit" class="cc-primary">{t('app.create')}</button>
      </form>
    </>
  );
}

function TeacherPicker(props: { klass: ClassSummary; teachers: UserInfo[]; onSave: (ids: string[]) => void }) {
  const { t } = useConsoleI18n();
  const [ids, setIds] = useState(new Set(props.klass.teacherIds));
  return (
    <fieldset class="cc-inline-fieldset">
      <legend>{t('admin.classes.teachers')} — {props.klass.name}</legend>
      {props.teachers.map((u) => (
        <label key={u.id} class="cc-check">
          <input type="checkbox" checked={ids.has(u.id)} onChange={(e) => {
            const next = new Set(ids);
            if (e.currentTarget.checked) next.add(u.id);
            else next.delete(u.id);
            setIds(next);
          }} />
          {u.displayName}
        </label>
      ))}
      <button type="button" onClick={() => props.onSave([...ids])}>{t('app.save')}</button>
    </fieldset>
  );
}

function GroupsEditor(props: { classId: string; className: string }) {
  const { api, announce } = useConsole();
  const { t, te } = useConsoleI18n();
  const loaded = useLoad(() => Promise.all([api.groups(props.classId), api.students(props.classId)]), [props.classId]);
  const [name, setName] = useState('');
  const [members, setMembers] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    setError(null);
    try {
      await api.createGroup(props.classId, { name: name.trim(), studentIds: [...members] });
      setName('');
      setMembers(new Set());
      loaded.reload();
      announce(t('app.saved'));
    } catch (e) {
      setError(te(e));
    }
  };
  return (
    <LoadGate loaded={loaded}>
      {([groups, students]) => (
        <div class="cc-subpanel">
          <ul>
            {groups.filter((g) => !g.archived).map((g) => (
              <li key={g.id}><strong>{g.name}</strong> — {g.studentIds.map((id) => students.find((s) => s.id === id)).filter(Boolean).map((s) => `${s!.firstName} ${s!.lastName}`).join(', ')}</li>
            ))}
          </ul>
          <form class="cc-form" onSubmit={(e) => { e.preventDefault(); void create(); }}>
            <div class="cc-field"><label for={`g-name-${props.classId}`}>{t('admin.groups.name')}</label><input id={`g-name-${props.classId}`} required value={name} onInput={(e) => setName(e.currentTarget.value)} /></div>
            <fieldset>
              <legend>{t('admin.groups.members')}</legend>
              {students.filter((s) => !s.archived).map((s) => (
                <label key={s.id} class="cc-check">
                  <input type="checkbox" checked={members.has(s.id)} onChange={(e) => {
                    const next = new Set(members);
                    if (e.currentTarget.checked) next.add(s.id);
                    else next.delete(s.id);
                    setMembers(next);
                  }} />
                  {s.firstName} {s.lastName}
                </label>
              ))}
            </fieldset>
            {error && <ErrorBox error={error} />}
            <button type="submit">{t('admin.groups.add')}</button>
          </form>
        </div>
      )}
    </LoadGate>
  );
}
