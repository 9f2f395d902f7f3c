/**
 * « Dupliquer » on an assignment of the list: a copy as a new draft (its images and sounds
 * included), in this class or another class the teacher teaches (POST /api/assignments/:id/duplicate); then the copy's editor opens
 * (no due date yet: the teacher sets it there).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Assignment } from '../../protocol/entities.ts';
import type { ClassSummary } from '../../protocol/console.ts';
import { go, useConsole } from './console-context.ts';
import { useConsoleI18n } from './console-i18n.ts';
import { ErrorBox } from './console-widgets.tsx';

const TITLE_MAX = 300;

export function DuplicateAssignment(props: { assignment: Assignment; classId: string }) {
  const { api, announce, user } = useConsole();
  const { t } = useConsoleI18n();
  const { assignment, classId } = props;
  const [open, setOpen] = useState(false);
  const [classes, setClasses] = useState<ClassSummary[] | null>(null);
  const [target, setTarget] = useState(classId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const selectRef = useRef<HTMLSelectElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    api.classes().then((all) => {
      if (live) setClasses(all.filter((c) => !c.archived && (c.id === classId || c.teacherIds.includes(user.id))));
    }, (e: unknown) => live && setError(e));
    return () => { live = false; };
  }, [open]);
  useEffect(() => { if (open && classes) selectRef.current?.focus(); }, [open, classes]);

  const close = () => {
    setOpen(false);
    setError(null);
    opener.current?.focus();
  };
  const duplicate = async () => {
    setBusy(true);
    setError(null);
    try {
      const title = target === classId ? t('assignments.copyTitle', { title: assignment.title }).slice(0, TITLE_MAX) : assignment.title;
      const copy = await api.duplicateAssignment(assignment.id, { classId: target, title });
      const name = classes?.find((c) => c.id === target)?.name ?? '';
      announce(t('assignments.copied', { title: copy.title, className: name }));
      go({ name: 'assignment-edit', classId: target, assignmentId: copy.id });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  if (!open) {
    return <button type="button" ref={opener} aria-label={`${t('assignments.duplicate')} — ${assignment.title}`} onClick={() => setOpen(true)}>{t('assignments.duplicate')}</button>;
  }
  const selectId = `dup-${assignment.id}`;
  return (
    <fieldset class="cc-duplicate">
      <legend>{t('assignments.duplicateLegend', { title: assignment.title })}</legend>
      {classes === null && error === null && <p role="status">{t('app.loading')}</p>}
      {classes !== null && (
        <p class="cc-actions">
          <label for={selectId}>{t('assignments.duplicateInto')}</label>
          <select id={selectId} ref={selectRef} value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
            {classes.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
          <button type="button" class="cc-primary" disabled={busy} onClick={() => void duplicate()}>{t('assignments.duplicateGo')}</button>
          <button type="button" onClick={close}>{t('app.cancel')}</button>
        </p>
      )}
      <p class="cc-help">{t('assignments.duplicateHelp')}</p>
      {error !== null && <ErrorBox error={error} />}
    </fieldset>
  );
}
