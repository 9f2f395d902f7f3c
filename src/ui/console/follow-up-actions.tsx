/**
 * The follow screen's actions on pupils who have not handed in (issue 13): one button
 * « Relancer les N élèves qui n'ont pas rendu » with an optional message, and per pupil
 * « Changer… » their own due date (or back to the assignment's). Each action then reloads the
 * table (`onChanged`) and says what it did in the live region.
 */
import { useState } from 'preact/hooks';
import type { StudentCard } from '../../protocol/entities.ts';
import type { SubmissionRow } from '../../protocol/console.ts';
import { MAX_REMINDER_MESSAGE } from '../../protocol/follow-up.ts';
import { useConsole } from './console-context.ts';
import { formatDate, useConsoleI18n } from './console-i18n.ts';
import { ErrorBox } from './console-widgets.tsx';
import { FollowUpDialog } from './follow-up-dialog.tsx';
import { isoToLocalInput, localInputToIso } from './assignment-form.ts';

/** Pupils who have not handed in (no copy, a draft, a copy sent back): the ones a reminder goes to. */
export const notHandedIn = (rows: readonly SubmissionRow[]) => rows.filter((r) => !r.submission || r.submission.state === 'draft');

const nameOf = (s: StudentCard) => `${s.firstName} ${s.lastName}`;

export function RemindButton(props: { assignmentId: string; rows: readonly SubmissionRow[]; onChanged: () => void }) {
  const { api, announce } = useConsole();
  const { t, te } = useConsoleI18n();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pupils = notHandedIn(props.rows);
  if (pupils.length === 0) return null;
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.remind(props.assignmentId, message);
      setOpen(false);
      setMessage('');
      announce(t('fu.remindDone', { count: r.reminded }));
      props.onChanged();
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="cc-primary" onClick={() => { setError(null); setOpen(true); }}>{t('fu.remind', { count: pupils.length })}</button>
      {open && (
        <FollowUpDialog id="remind" title={t('fu.remindTitle', { count: pupils.length })} onClose={() => setOpen(false)}
          actions={<button type="button" class="cc-primary" disabled={busy} onClick={() => void send()}>{t('fu.remindConfirm')}</button>}>
          <p>{t('fu.remindWho', { names: pupils.map((r) => nameOf(r.student)).join(', ') })}</p>
          <p class="cc-hint">{t('fu.remindHelp')}</p>
          <div class="cc-field">
            <label for="remind-message">{t('fu.remindMessage')}</label>
            <textarea id="remind-message" rows={3} maxLength={MAX_REMINDER_MESSAGE} value={message} onInput={(e) => setMessage(e.currentTarget.value)} />
          </div>
          {error && <ErrorBox error={error} />}
        </FollowUpDialog>
      )}
    </>
  );
}

/** The due date cell of one pupil: the date that applies to them, and « Changer… ». */
export function DueCell(props: { assignmentId: string; assignmentDueAt: string | null; row: SubmissionRow; onChanged: () => void }) {
  const { api, announce } = useConsole();
  const { t, te, lang } = useConsoleI18n();
  const own = props.row.submission?.dueAt ?? null;
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = nameOf(props.row.student);
  const save = async (dueAt: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.setStudentDue(props.assignmentId, props.row.student.id, dueAt);
      setOpen(false);
      announce(r.dueAt ? t('fu.dueDone', { name, date: formatDate(r.dueAt, lang) }) : t('fu.dueResetDone', { name }));
      props.onChanged();
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = () => {
    const iso = localInputToIso(value);
    if (!iso) setError(t('fu.dueInvalid'));
    else void save(iso);
  };
  return (
    <>
      <span>{own ? t('fu.ownDue', { date: formatDate(own, lang) }) : props.assignmentDueAt ? formatDate(props.assignmentDueAt, lang) : t('fu.noDue')}</span>{' '}
      <button type="button" aria-label={t('fu.dueChangeAria', { name })}
        onClick={() => { setError(null); setValue(isoToLocalInput(own ?? props.assignmentDueAt)); setOpen(true); }}>
        {t('fu.dueChange')}
      </button>
      {open && (
        <FollowUpDialog id={`due-${props.row.student.id}`} title={t('fu.dueTitle', { name })} onClose={() => setOpen(false)}
          actions={
            <>
              <button type="button" class="cc-primary" disabled={busy} onClick={submit}>{t('fu.dueSave')}</button>
              {own && <button type="button" disabled={busy} onClick={() => void save(null)}>{t('fu.dueReset')}</button>}
            </>
          }>
          <p>{t('fu.dueHelp')}</p>
          <div class="cc-field">
            <label for={`due-input-${props.row.student.id}`}>{t('fu.dueLabel')}</label>
            <input id={`due-input-${props.row.student.id}`} type="datetime-local" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
          </div>
          {error && <ErrorBox error={error} />}
        </FollowUpDialog>
      )}
    </>
  );
}
