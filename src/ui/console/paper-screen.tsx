/**
 * Paper homework for pupils with no connection: choose students, print one A4 page each
 * (name, class, instructions, questions, room to answer — the print stylesheet hides
 * everything else and breaks a page per student); when the paper comes back, photograph
 * it and attach it to that student's work (POST …/students/:id/paper).
 */
import { useState } from 'preact/hooks';
import type { Assignment, StudentCard } from '../../protocol/entities.ts';
import { useConsole } from './console-context.ts';
import { formatDate, useConsoleI18n } from './console-i18n.ts';
import { LoadGate, ScreenTitle } from './console-widgets.tsx';
import { useLoad } from './use-load.ts';
import { MarkdownView } from './markdown-view.tsx';
import { sortRows } from './follow-status.ts';

export function PaperScreen(props: { classId: string; assignmentId: string; className: string }) {
  const { api } = useConsole();
  const loaded = useLoad(() => Promise.all([api.assignment(props.assignmentId), api.students(props.classId)]), [props.assignmentId, props.classId]);
  return <LoadGate loaded={loaded}>{([a, students]) => <PaperBody assignment={a} students={students.filter((s) => !s.archived)} className={props.className} />}</LoadGate>;
}

function PaperBody(props: { assignment: Assignment; students: StudentCard[]; className: string }) {
  const { t } = useConsoleI18n();
  const { assignment } = props;
  const students = sortRows(props.students.map((student) => ({ student }))).map((r) => r.student);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const selected = students.filter((s) => chosen.has(s.id));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  return (
    <>
      <div class="cc-no-print">
        <ScreenTitle>{t('paper.title', { title: assignment.title })}</ScreenTitle>
        <fieldset class="cc-paper-choose">
          <legend>{t('paper.choose')}</legend>
          <button type="button" onClick={() => setChosen(new Set(students.map((s) => s.id)))}>{t('paper.selectAll')}</button>
          <ul class="cc-check-list">
            {students.map((s) => (
              <li key={s.id}>
                <label class="cc-check">
                  <input type="checkbox" checked={chosen.has(s.id)} onChange={(e) => toggle(s.id, e.currentTarget.checked)} />
                  {s.firstName} {s.lastName}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <p class="cc-actions">
          <button type="button" class="cc-primary" disabled={!selected.length} onClick={() => print()}>{t('paper.print')}</button>
          {!selected.length && <span class="cc-hint">{t('paper.noneSelected')}</span>}
        </p>
        {selected.length > 0 && <PaperReturn assignment={assignment} students={selected} />}
      </div>
      <div class="cc-paper-pages" aria-hidden={selected.length ? undefined : 'true'}>
        {selected.map((s) => <PaperPage key={s.id} assignment={assignment} student={s} className={props.className} />)}
      </div>
    </>
  );
}

/** One student's A4 sheet. */
function PaperPage(props: { assignment: Assignment; student: StudentCard; className: string }) {
  const { t, lang } = useConsoleI18n();
  const { assignment: a, student } = props;
  return (
    <article class="cc-paper-page" data-student-id={student.id} aria-label={`${student.firstName} ${student.lastName}`}>
      <header class="cc-paper-head">
        <p><strong>{t('paper.name')} :</strong> <span class="cc-paper-name">{student.firstName} {student.lastName}</span></p>
        <p><strong>{t('paper.class')} :</strong> {props.className}</p>
        {a.dueAt && <p><strong>{t('paper.due')} :</strong> {formatDate(a.dueAt, lang)}</p>}
      </header>
      <h2 class="cc-paper-title">{a.title}</h2>
      <MarkdownView markdown={a.instructionsMarkdown} />
      <ol class="cc-paper-questions">
        {a.questions.map((q) => (
          <li key={q.id} class="cc-paper-question">
            <p class="cc-paper-prompt">{q.prompt} <span class="cc-hint">({t('paper.points', { points: q.points })})</span></p>
            {q.kind === 'choice' ? (
              <ul class="cc-paper-choices">
                {(q.choices ?? []).map((c) => <li key={c.id}>☐ {c.label}</li>)}
              </ul>
            ) : (
              <>
                {q.kind === 'photo' && <p class="cc-hint">{t('paper.photoHere')}</p>}
                {q.kind === 'audio' && <p class="cc-hint">{t('paper.audioHere')}</p>}
                <div class={`cc-paper-lines cc-paper-lines-${q.kind}`} aria-hidden="true" />
              </>
            )}
          </li>
        ))}
      </ol>
    </article>
  );
}

/** The paper came back: one photo per student, attached as their handed-in work. */
function PaperReturn(props: { assignment: Assignment; students: StudentCard[] }) {
  const { api, announce } = useConsole();
  const { t, te } = useConsoleI18n();
  const [messages, setMessages] = useState<Record<string, string>>({});
  const attach = async (s: StudentCard, file: File | undefined) => {
    if (!file) return;
    const name = `${s.firstName} ${s.lastName}`;
    try {
      await api.attachPaper(props.assignment.id, s.id, file);
      setMessages((m) => ({ ...m, [s.id]: t('paper.attached', { name }) }));
      announce(t('paper.attached', { name }));
    } catch (e) {
      setMessages((m) => ({ ...m, [s.id]: t('app.error', { message: te(e) }) }));
    }
  };
  return (
    <section aria-labelledby="cc-paper-back">
      <h2 id="cc-paper-back">{t('paper.back')}</h2>
      <ul class="cc-list">
        {props.students.map((s) => (
          <li key={s.id} class="cc-field">
            <label for={`paper-${s.id}`}>{t('paper.attach', { name: `${s.firstName} ${s.lastName}` })}</label>
            <input id={`paper-${s.id}`} type="file" accept="image/*" capture="environment" onChange={(e) => void attach(s, e.currentTarget.files?.[0])} />
            {messages[s.id] && <p role="status">{messages[s.id]}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
