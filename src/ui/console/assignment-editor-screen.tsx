/**
 * Write or edit an assignment: title, Markdown instructions with a live preview, due date,
 * questions of every type; save as a draft, preview as a student, publish to the class or a
 * group — now or at a scheduled time (publish-panel.tsx) — edit after publishing (the server
 * bumps the version; tablets tell the student), unpublish, delete a draft; link the lesson
 * the assignment revises; images and sounds on the instructions and on each question
 * (assignment-media-editor.tsx).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { DeleteDraftDialog } from './delete-draft-dialog.tsx';
import type { Assignment, Lesson, MediaRef } from '../../protocol/entities.ts';
import { AssignmentMediaEditor } from './assignment-media-editor.tsx';
import type { GroupInfo } from '../../protocol/console.ts';
import {
  emptyForm, formFromAssignment, formToRequest, move, newQuestion, previewAssignment, type AssignmentForm,
} from './assignment-form.ts';
import { go, useConsole } from './console-context.ts';
import { useConsoleI18n } from './console-i18n.ts';
import { ErrorBox, ProblemList, ScreenTitle } from './console-widgets.tsx';
import { MarkdownView } from './markdown-view.tsx';
import { QuestionEditor } from './question-editor.tsx';
import { StudentPreview } from './student-preview.tsx';
import { SUBJECT_SUGGESTIONS } from '../common/subject-colour.ts';
import { PublishPanel } from './publish-panel.tsx';
import { formatParisWhen } from './paris-time.ts';

export function AssignmentEditorScreen(props: { classId: string; className: string; assignmentId: string | null }) {
  const { api, announce } = useConsole();
  const { t, te, lang } = useConsoleI18n();
  const { classId } = props;
  const [assignment, setAssignment] = useState<Assignment | null>(null);
  const [groups, setGroups] = useState<GroupInfo[]>([]);
  const [lessons, setLessons] = useState<Lesson[]>([]);
  const dueRef = useRef<HTMLInputElement>(null);
  const [form, setForm] = useState<AssignmentForm | null>(props.assignmentId ? null : emptyForm());
  const [target, setTarget] = useState<string>('');
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [showPreview, setShowPreview] = useState(false);

  useEffect(() => {
    api.groups(classId).then((g) => setGroups(g.filter((x) => !x.archived)), () => setGroups([]));
    api.lessons(classId).then(setLessons, () => setLessons([]));
    if (!props.assignmentId) return;
    api.assignment(props.assignmentId).then(
      (a) => {
        setAssignment(a);
        setForm(formFromAssignment(a));
        setTarget(a.groupId ?? '');
      },
      (e: unknown) => setError(te(e)),
    );
  }, [api, classId, props.assignmentId]);

  if (!form) return error ? <ErrorBox error={error} /> : <p role="status">{t('app.loading')}</p>;

  const update = (patch: Partial<AssignmentForm>) => setForm({ ...form, ...patch });

  /** Saves the form; returns the saved assignment, or null when the form has problems. */
  const save = async (): Promise<Assignment | null> => {
    const built = formToRequest(form);
    if (!built.ok) {
      setProblems(built.problems.map((p) => t(p.key, p.params)));
      return null;
    }
    setProblems([]);
    const request = { ...built.request, groupId: target || null };
    const saved = assignment ? await api.updateAssignment(assignment.id, request) : await api.createAssignment(classId, request);
    setAssignment(saved);
    if (!assignment) history.replaceState(null, '', `#/classes/${classId}/assignments/${saved.id}/edit`);
    return saved;
  };

  const run = async (action: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    try {
      const msg = await action();
      if (msg) announce(msg);
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };

  const onMedia = (change: (media: MediaRef[]) => MediaRef[]) => setAssignment((a) => (a ? { ...a, media: change(a.media ?? []) } : a));
  const mediaProps = { assignment, save, onMedia, run, busy };

  const onSave = () => run(async () => ((await save()) ? t('app.saved') : null));
  const onUnpublish = () => run(async () => {
    if (!assignment) return null;
    setAssignment(await api.unpublishAssignment(assignment.id));
    return t('editor.unpublished');
  });
  const [deleting, setDeleting] = useState(false);
  const onDelete = () => { if (assignment) setDeleting(true); };
  const doDelete = () => run(async () => {
    setDeleting(false);
    if (!assignment) return null;
    await api.deleteAssignment(assignment.id);
    go({ name: 'assignments', classId });
    return null;
  });

  const published = assignment?.status === 'published';
  return (
    <div class="cc-editor">
      <ScreenTitle>{assignment ? t('editor.titleEdit') : t('editor.titleNew')}</ScreenTitle>
      {assignment && (
        <p>
          {assignment.publishAt && !published
            ? <span class="cc-badge cc-badge-scheduled">{t('schedule.scheduledFor', { when: formatParisWhen(assignment.publishAt, lang) })}</span>
            : <span class={`cc-badge cc-badge-${assignment.status}`}>{published ? t('status.published') : t('status.draft')}</span>}
          {published && <span class="cc-hint"> {t('editor.changedNotice')}</span>}
        </p>
      )}
      <form class="cc-form" onSubmit={(e) => { e.preventDefault(); void onSave(); }}>
        <div class="cc-field">
          <label for="a-title">{t('editor.title')}</label>
          <input id="a-title" required maxLength={300} value={form.title} onInput={(e) => update({ title: e.currentTarget.value })} />
        </div>
        <div class="cc-two-cols">
          <div class="cc-field">
            <label for="a-instructions">{t('editor.instructions')}</label>
            <textarea id="a-instructions" rows={8} value={form.instructionsMarkdown} onInput={(e) => update({ instructionsMarkdown: e.currentTarget.value })} />
          </div>
          <div class="cc-field">
            <span id="a-instructions-preview-label" class="cc-label">{t('editor.instructionsPreview')}</span>
            <div class="cc-preview-box" role="region" aria-labelledby="a-instructions-preview-label">
              <MarkdownView markdown={form.instructionsMarkdown} />
            </div>
          </div>
        </div>
        <AssignmentMediaEditor {...mediaProps} questionId={null} />
        <div class="cc-row cc-align-top">
          <div class="cc-field cc-field-small">
            <label for="a-due">{t('editor.dueAt')}</label>
            <input id="a-due" ref={dueRef} type="datetime-local" value={form.dueLocal} onInput={(e) => update({ dueLocal: e.currentTarget.value })} />
          </div>
          <div class="cc-field cc-field-small">
            <label for="a-subject">{t('editor.subject')}</label>
            <input id="a-subject" maxLength={60} list="a-subjects" aria-describedby="a-subject-hint" value={form.subject} onInput={(e) => update({ subject: e.currentTarget.value })} />
            <datalist id="a-subjects">{SUBJECT_SUGGESTIONS.map((s) => <option key={s} value={s} />)}</datalist>
            <span id="a-subject-hint" class="cc-hint">{t('editor.subjectHint')}</span>
          </div>
        </div>
        <div class="cc-field">
          <label for="a-lesson">{t('editor.lesson')}</label>
          <select id="a-lesson" value={form.lessonId} aria-describedby="a-lesson-hint" onChange={(e) => update({ lessonId: e.currentTarget.value })}>
            <option value="">{t('editor.lessonNone')}</option>
            {lessons.map((l) => (
              <option key={l.id} value={l.id}>{l.status === 'published' ? l.title : t('editor.lessonDraft', { title: l.title })}</option>
            ))}
          </select>
          <span id="a-lesson-hint" class="cc-hint">{t('editor.lessonHint')}</span>
        </div>
        <fieldset class="cc-choices cc-policy">
          <legend>{t('editor.policy')}</legend>
          {(['on_return', 'immediate'] as const).map((v) => (
            <label key={v} class="cc-check">
              <input type="radio" name="a-policy" value={v} checked={form.resultPolicy === v} aria-describedby={`a-policy-${v}`} onChange={() => update({ resultPolicy: v })} />
              <span><strong>{t(`editor.policy.${v}`)}</strong> — <span id={`a-policy-${v}`}>{t(`editor.policy.${v}Help`)}</span></span>
            </label>
          ))}
        </fieldset>
        <h2>{t('editor.questions')}</h2>
        {form.questions.map((q, i) => (
          <QuestionEditor key={q.id} question={q} index={i} count={form.questions.length}
            onChange={(nq) => update({ questions: form.questions.map((x) => (x.id === q.id ? nq : x)) })}
            onMove={(d) => update({ questions: move(form.questions, i, d) })}
            onRemove={() => update({ questions: form.questions.filter((x) => x.id !== q.id) })}
            media={<AssignmentMediaEditor {...mediaProps} questionId={q.id} n={i + 1} />} />
        ))}
        <button type="button" onClick={() => update({ questions: [...form.questions, newQuestion('text')] })}>{t('editor.addQuestion')}</button>
        <PublishPanel assignment={assignment} groups={groups} className={props.className} target={target} onTarget={setTarget}
          hasDueDate={form.dueLocal !== ''} busy={busy} save={save} onChanged={setAssignment} run={run} focusDue={() => dueRef.current?.focus()} />
        <ProblemList problems={problems} />
        {error && <ErrorBox error={error} />}
        <div class="cc-actions cc-sticky-actions">
          <button type="submit" class="cc-primary" disabled={busy}>{published ? t('editor.saveChanges') : t('editor.saveDraft')}</button>
          <button type="button" id="cc-preview-toggle" aria-expanded={showPreview} aria-controls="cc-student-preview" onClick={() => setShowPreview(!showPreview)}>{t('editor.preview')}</button>
          {published && <button type="button" disabled={busy} onClick={() => void onUnpublish()}>{t('editor.unpublish')}</button>}
          {assignment && !published && <button type="button" class="cc-danger" disabled={busy} onClick={onDelete}>{t('app.delete')}</button>}
          {deleting && <DeleteDraftDialog onClose={() => setDeleting(false)} onDelete={() => void doDelete()} />}
        </div>
      </form>
      {showPreview && (
        <StudentPreview id="cc-student-preview" assignment={previewAssignment(form, assignment)}
          onClose={() => { setShowPreview(false); document.getElementById('cc-preview-toggle')?.focus(); }} />
      )}
    </div>
  );
}
