/**
 * The assignment editor's publishing: to whom, now or at a date and time (Paris time), the
 * schedule shown and cancellable, a warning before publishing without a due date (the teacher
 * may go on), and a visible confirmation that says who will get it and when — not only a
 * live-region message (issue 13).
 */
import { useRef, useState } from 'preact/hooks';
import type { Assignment } from '../../protocol/entities.ts';
import type { GroupInfo } from '../../protocol/console.ts';
import { useConsole } from './console-context.ts';
import { useConsoleI18n } from './console-i18n.ts';
import { formatParisWhen, isoToParisInput, parisInputToIso } from './paris-time.ts';

export interface PublishPanelProps {
  assignment: Assignment | null;
  groups: GroupInfo[];
  className: string;
  /** The chosen target: '' the class, else a group id. */
  target: string;
  onTarget: (groupId: string) => void;
  /** Whether the form has a due date (else a warning comes first). */
  hasDueDate: boolean;
  busy: boolean;
  /** Saves the form (null: it has problems, shown by the editor). */
  save: () => Promise<Assignment | null>;
  onChanged: (a: Assignment) => void;
  /** Runs a server action with the editor's busy state and error box; the message it returns is announced. */
  run: (action: () => Promise<string | null>) => Promise<void>;
  /** Puts the cursor in the due date field. */
  focusDue: () => void;
}

type Pending = { kind: 'publish' } | { kind: 'schedule'; at: string };

export function PublishPanel(props: PublishPanelProps) {
  const { api } = useConsole();
  const { t, lang } = useConsoleI18n();
  const a = props.assignment;
  const published = a?.status === 'published';
  const scheduledAt = !published ? a?.publishAt ?? null : null;
  const [when, setWhen] = useState(isoToParisInput(scheduledAt));
  const [pending, setPending] = useState<Pending | null>(null);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const [whenProblem, setWhenProblem] = useState<string | null>(null);
  const warningRef = useRef<HTMLDivElement>(null);

  const targetWords = (groupId: string | null) => {
    const g = groupId ? props.groups.find((x) => x.id === groupId) : undefined;
    return g ? t('publish.targetGroup', { name: g.name, className: props.className }) : t('publish.targetClass', { className: props.className });
  };

  const publishNow = () => props.run(async () => {
    setPending(null);
    const saved = await props.save();
    if (!saved) return null;
    const done = await api.publishAssignment(saved.id, { groupId: props.target || null });
    props.onChanged(done);
    const message = t('publish.done', { target: targetWords(done.groupId) });
    setConfirmation(message);
    return message;
  });

  const scheduleAt = (at: string) => props.run(async () => {
    setPending(null);
    const saved = await props.save();
    if (!saved) return null;
    const done = await api.scheduleAssignment(saved.id, { publishAt: at, groupId: props.target || null });
    props.onChanged(done);
    const message = t('schedule.done', { when: formatParisWhen(done.publishAt ?? at, lang), target: targetWords(done.groupId) });
    setConfirmation(message);
    return message;
  });

  const cancelSchedule = () => props.run(async () => {
    if (!a) return null;
    props.onChanged(await api.unscheduleAssignment(a.id));
    const message = t('schedule.cancelled');
    setConfirmation(message);
    return message;
  });

  /** Without a due date the teacher is asked first (and may go on). */
  const ask = (p: Pending) => {
    setConfirmation(null);
    if (props.hasDueDate) return void (p.kind === 'publish' ? publishNow() : scheduleAt(p.at));
    setPending(p);
    queueMicrotask(() => {
      // In the middle of the screen: the sticky save bar must not cover the two choices.
      warningRef.current?.scrollIntoView({ block: 'center' });
      warningRef.current?.querySelector('button')?.focus({ preventScroll: true });
    });
  };

  const onSchedule = () => {
    const at = parisInputToIso(when);
    if (!at) return setWhenProblem(t('schedule.pickTime'));
    setWhenProblem(null);
    ask({ kind: 'schedule', at });
  };

  return (
    <section class="cc-publish" aria-labelledby="cc-publish-legend">
      <h2 id="cc-publish-legend">{t('publish.legend')}</h2>
      {scheduledAt && (
        <p class="cc-scheduled">
          <span class="cc-badge cc-badge-scheduled">{t('schedule.scheduledFor', { when: formatParisWhen(scheduledAt, lang) })}</span>{' '}
          <button type="button" disabled={props.busy} onClick={() => void cancelSchedule()}>{t('schedule.cancel')}</button>
        </p>
      )}
      <div class="cc-row">
        <div class="cc-field cc-field-small">
          <label for="a-target">{t('editor.publishTo')}</label>
          <select id="a-target" value={props.target} onChange={(e) => props.onTarget(e.currentTarget.value)}>
            <option value="">{t('target.class')}</option>
            {props.groups.map((g) => (
              <option key={g.id} value={g.id}>{t('target.group', { name: g.name })}</option>
            ))}
          </select>
        </div>
        <button type="button" class="cc-primary" disabled={props.busy} onClick={() => ask({ kind: 'publish' })}>{t('editor.publish')}</button>
      </div>
      {!published && (
        <div class="cc-row">
          <div class="cc-field cc-field-small">
            <label for="a-publish-at">{t('schedule.at')}</label>
            <input id="a-publish-at" type="datetime-local" value={when} aria-describedby="a-publish-at-help" aria-invalid={whenProblem ? true : undefined}
              onInput={(e) => setWhen(e.currentTarget.value)} />
          </div>
          <button type="button" disabled={props.busy} onClick={onSchedule}>{t('schedule.go')}</button>
          <p id="a-publish-at-help" class="cc-hint">{whenProblem ?? t('schedule.help')}</p>
        </div>
      )}
      {pending && (
        <div ref={warningRef} class="cc-warning" role="alertdialog" aria-labelledby="cc-nodue-title" aria-describedby="cc-nodue-text">
          <p id="cc-nodue-title"><strong>{t('publish.noDueTitle')}</strong></p>
          <p id="cc-nodue-text">{t('publish.noDueText')}</p>
          <div class="cc-actions">
            <button type="button" onClick={() => { setPending(null); props.focusDue(); }}>{t('publish.addDue')}</button>
            <button type="button" class="cc-primary" disabled={props.busy} onClick={() => void (pending.kind === 'publish' ? publishNow() : scheduleAt(pending.at))}>
              {pending.kind === 'publish' ? t('publish.noDuePublish') : t('publish.noDueSchedule')}
            </button>
          </div>
        </div>
      )}
      {confirmation && (
        <div class="cc-success">
          <p>{confirmation}</p>
          <button type="button" class="cc-link-button" onClick={() => setConfirmation(null)}>{t('publish.dismiss')}</button>
        </div>
      )}
    </section>
  );
}
