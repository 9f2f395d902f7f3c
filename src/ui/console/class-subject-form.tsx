/**
 * The class's subject, set by its teacher on the class's page (the IT referent can too, in
 * « Classes »): the pupils' « Cahier de textes » shows it as a label and a colour on each of the
 * class's assignments that has no subject of its own (the assignment editor sets that one).
 */
import { useState } from 'preact/hooks';
import { useConsole } from './console-context.ts';
import { useConsoleI18n } from './console-i18n.ts';
import { ErrorBox } from './console-widgets.tsx';
import { useLoad } from './use-load.ts';
import { SUBJECT_SUGGESTIONS, subjectColour } from '../common/subject-colour.ts';

export function ClassSubjectForm(props: { classId: string }) {
  const { api } = useConsole();
  const { classId } = props;
  const saved = useLoad(async () => (await api.classes()).find((c) => c.id === classId)?.subject ?? null, [classId]);
  if (saved.data === null && saved.loading) return null;
  if (saved.error) return <ErrorBox error={saved.error} onRetry={saved.reload} />;
  // Keyed on the stored value: the field starts from what the server holds.
  return <SubjectEditor key={saved.data ?? ''} classId={classId} stored={saved.data} onStored={(s) => saved.set(s)} />;
}

function SubjectEditor(props: { classId: string; stored: string | null; onStored: (subject: string | null) => void }) {
  const { api, announce } = useConsole();
  const { t, te } = useConsoleI18n();
  const [value, setValue] = useState(props.stored ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = props.stored ? subjectColour(props.stored) : null;
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const c = await api.setClassSubject(props.classId, value.trim() || null);
      announce(t('app.saved'));
      props.onStored(c.subject);
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="cc-form cc-class-subject" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <div class="cc-row">
        <div class="cc-field">
          <label for="class-subject">{t('classSubject.label')}</label>
          <input id="class-subject" maxLength={60} list="class-subjects" value={value} aria-describedby="class-subject-hint" onInput={(e) => setValue(e.currentTarget.value)} />
          <datalist id="class-subjects">{SUBJECT_SUGGESTIONS.map((x) => <option key={x} value={x} />)}</datalist>
        </div>
        <button type="submit" disabled={busy}>{t('classSubject.save')}</button>
      </div>
      <p id="class-subject-hint" class="cc-hint">
        {props.stored && shown
          ? <>{t('classSubject.shown')} <span class="cc-subject-chip" style={{ background: shown.tint, borderColor: shown.edge }}>{props.stored}</span></>
          : t('classSubject.none')}
      </p>
      {error && <p class="cc-error" role="alert">{error}</p>}
    </form>
  );
}
