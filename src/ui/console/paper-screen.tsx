/**
 * « Devoirs à la maison » (issue 15), for pupils with no connection: choose pupils, download
 * one PDF made by the server (a letter for each family, then the assignment in the pupil's
 * name, a QR code and corner marks on every page), mark the packs as sent; each pupil's row
 * says printed / sent / received. The sheets that come back are read and sorted by
 * PaperReturnsPanel (paper-returns-panel.tsx).
 */
import { useState } from 'preact/hooks';
import type { Assignment, StudentCard } from '../../protocol/entities.ts';
import type { PaperPackStatus } from '../../protocol/paper.ts';
import { useConsole } from './console-context.ts';
import { formatDate, useConsoleI18n } from './console-i18n.ts';
import { LoadGate, ScreenTitle } from './console-widgets.tsx';
import { useLoad } from './use-load.ts';
import { sortRows } from './follow-status.ts';
import { saveFile } from './save-file.ts';
import { PaperReturnsPanel } from './paper-returns-panel.tsx';

export function PaperScreen(props: { classId: string; assignmentId: string; className: string }) {
  const { api } = useConsole();
  const loaded = useLoad(() => Promise.all([api.assignment(props.assignmentId), api.students(props.classId), api.paperPacks(props.assignmentId)]), [props.assignmentId, props.classId]);
  return (
    <LoadGate loaded={loaded}>
      {([a, students, packs]) => <PaperBody assignment={a} students={students.filter((s) => !s.archived)} packs={packs} />}
    </LoadGate>
  );
}

/** « imprimé le …, envoyé le …, reçu le … » of one pupil's pack. */
export function packSummary(p: PaperPackStatus | undefined, assignmentVersion: number, t: ReturnType<typeof useConsoleI18n>['t'], lang: ReturnType<typeof useConsoleI18n>['lang']): string {
  if (!p) return t('paper.noPack');
  const parts = [t('paper.printedOn', { date: formatDate(p.printedAt, lang) })];
  if (p.sentAt) parts.push(t('paper.sentOn', { date: formatDate(p.sentAt, lang) }));
  if (p.receivedAt) parts.push(t('paper.receivedOn', { date: formatDate(p.receivedAt, lang) }));
  if (p.layoutVersion < assignmentVersion && !p.receivedAt) parts.push(t('paper.outdated'));
  return parts.join(' · ');
}

function PaperBody(props: { assignment: Assignment; students: StudentCard[]; packs: PaperPackStatus[] }) {
  const { api, announce } = useConsole();
  const { t, te, lang } = useConsoleI18n();
  const { assignment } = props;
  const students = sortRows(props.students.map((student) => ({ student }))).map((r) => r.student);
  const [packs, setPacks] = useState(props.packs);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const packOf = new Map(packs.map((p) => [p.studentId, p]));
  const selected = students.filter((s) => chosen.has(s.id));
  const printedSelected = selected.filter((s) => packOf.has(s.id));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  const say = (text: string, error = false) => {
    setMessage({ text, error });
    announce(text);
  };

  const download = async () => {
    setBusy(true);
    say(t('paper.downloading'));
    try {
      const { blob, name } = await api.paperPack(assignment.id, selected.map((s) => s.id));
      saveFile(blob, name);
      setPacks(await api.paperPacks(assignment.id));
      say(t('paper.downloaded', { count: selected.length }));
    } catch (e) {
      say(t('app.error', { message: te(e) }), true);
    } finally {
      setBusy(false);
    }
  };
  const markSent = async () => {
    setBusy(true);
    try {
      setPacks(await api.markPaperSent(assignment.id, printedSelected.map((s) => s.id)));
      say(t('paper.markedSent', { count: printedSelected.length }));
    } catch (e) {
      say(t('app.error', { message: te(e) }), true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ScreenTitle>{t('paper.title', { title: assignment.title })}</ScreenTitle>
      <p class="cc-hint cc-paper-intro">{t('paper.intro')}</p>
      <fieldset class="cc-paper-choose">
        <legend>{t('paper.choose')}</legend>
        <p class="cc-actions">
          <button type="button" onClick={() => setChosen(new Set(students.map((s) => s.id)))}>{t('paper.selectAll')}</button>
          <button type="button" disabled={!chosen.size} onClick={() => setChosen(new Set())}>{t('paper.selectNone')}</button>
        </p>
        <ul class="cc-check-list cc-paper-pupils">
          {students.map((s) => (
            <li key={s.id}>
              <label class="cc-check">
                <input type="checkbox" checked={chosen.has(s.id)} onChange={(e) => toggle(s.id, e.currentTarget.checked)} aria-describedby={`pack-${s.id}`} />
                {s.firstName} {s.lastName}
              </label>
              <span id={`pack-${s.id}`} class="cc-hint" data-pack-status={s.id}>{packSummary(packOf.get(s.id), assignment.version, t, lang)}</span>
            </li>
          ))}
        </ul>
      </fieldset>
      <p class="cc-actions">
        <button type="button" class="cc-primary" disabled={!selected.length || busy} onClick={() => void download()}>
          {t('paper.download', { count: selected.length })}
        </button>
        <button type="button" disabled={!printedSelected.length || busy} onClick={() => void markSent()}>
          {t('paper.markSent', { count: printedSelected.length })}
        </button>
        {!selected.length && <span class="cc-hint">{t('paper.noneSelected')}</span>}
        {selected.length > 0 && !printedSelected.length && <span class="cc-hint">{t('paper.notPrinted')}</span>}
      </p>
      {message && <p role={message.error ? 'alert' : 'status'} class={message.error ? 'cc-error' : undefined}>{message.text}</p>}
      <PaperReturnsPanel assignmentId={assignment.id} classId={assignment.classId} students={students} packsKey={packs.map((p) => `${p.studentId}:${p.printedAt}`).join(',')} onReceived={async () => setPacks(await api.paperPacks(assignment.id))} />
    </>
  );
}
