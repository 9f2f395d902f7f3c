/**
 * Write or edit an assignment: title, Markdown instructions with a live preview, due date,
 * questions of every type; save as a draft, preview as a student, publish to the class or a
 * group, edit after publishing (the server bumps the version; tablets tell the student),
 * unpublish, delete a draft.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Assignment } from '../../protocol/entities.ts';
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

export function AssignmentEditorScreen(props: { classId: string; assignmentId: string | null }) {
  const { api, announce } = useConsole();
  const { t, te } = useConsoleI18n();
  const { classId } = props;
  const [assignment, setAssignment] = useState<Assignment | null>(null);
  const [groups, setGroups] = useState<GroupInfo[]>([]);
  const [form, setForm] = useState<AssignmentForm | null>(props.assignmentId ? null : emptyForm());
  const [target, setTarget] = useState<string>('');
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [showPreview, setShowPreview] = useState(false);

  useEffect(() => {
    api.groups(classId).then((g) => setGroups(g.filter((x) => !x.archived)), () => setGroups([]));
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

  const onSave = () => run(async () => ((await save()) ? t('app.saved') : null));
  const onPublish = () => run(async () => {
    const saved = await save();
    if (!saved) return null;
    setAssignment(await api.publishAssignment(saved.id, { groupId: target || null }));
    return t('editor.published');
  });
  const onUnpublish = () => run(async () => {
    if (!assignment) return null;
    setAssignment(await api.unpublishAssignment(assignment.id));
    return t('editor.unpublished');
  });
  const onDelete = () => run(async () => {
    if (!assignment || !confirm(t('editor.confirmDelete'))) return null;
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
          <span class={`cc-badge cc-badge-${assignment.status}`}>{published ? t('status.published') : t('status.draft')}</span>
          {published && <span class="cc-hint"> {t('editor.changedNotice', { version: assignment.version + 1 })}</span>}
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
        <div class="cc-row">
          <div class="cc-field cc-field-small">
            <label for="a-due">{t('editor.dueAt')}</label>
            <input id="a-due" type="datetime-local" value={form.dueLocal} onInput={(e) => update({ dueLocal: e.currentTarget.value })} />
          </div>
          <div class="cc-field cc-field-small">
            <label for="a-subject">{t('editor.subject')}</label>
            <input id="a-subject" maxLength={60} list="a-subjects" aria-describedby="a-subject-hint" value={form.subject} onInput={(e) => update({ subject: e.currentTarget.value })} />
            <datalist id="a-subjects">{SUBJECT_SUGGESTIONS.map((s) => <option key={s} value={s} />)}</datalist>
            <span id="a-subject-hint" class="cc-hint">{t('editor.subjectHint')}</span>
          </div>
        </div>
        <h2>{t('editor.questions')}</h2>
        {form.questions.map((q, i) => (
          <QuestionEditor key={q.id} question={q} index={i} count={form.questions.length}
            onChange={(nq) => update({ questions: form.questions.map((x) => (x.id === q.id ? nq : x)) })}
            onMove={(d) => update({ questions: move(form.questions, i, d) })}
            onRemove={() => update({ questions: form.questions.filter((x) => x.id !== q.id) })} />
        ))}
        <button type="button" onClick={() => update({ questions: [...form.questions, newQuestion('text')] })}>{t('editor.addQuestion')}</button>
        <ProblemList problems={problems} />
        {error && <ErrorBox error={error} />}
        <div class="cc-actions cc-sticky-actions">
          <button type="submit" class="cc-primary" disabled={busy}>{published ? t('editor.saveChanges') : t('editor.saveDraft')}</button>
          <button type="button" aria-expanded={showPreview} aria-controls="cc-student-preview" onClick={() => setShowPreview(!showPreview)}>{t('editor.preview')}</button>
          <label for="a-target">{t('editor.publishTo')}</label>
          <select id="a-target" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
            <option value="">{t('target.class')}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>{t('target.group', { name: g.name })}</option>
            ))}
          </select>
          <button type="button" class="cc-primary" disabled={busy} onClick={() => void onPublish()}>{t('editor.publish')}</button>
          {published && <button type="button" disabled={busy} onClick={() => void onUnpublish()}>{t('editor.unpublish')}</button>}
          {assignment && !published && <button type="button" class="cc-danger" disabled={busy} onClick={() => void onDelete()}>{t('app.delete')}</button>}
        </div>
      </form>
      {showPreview && <StudentPreview id="cc-student-preview" assignment={previewAssignment(form, assignment)} />}
    </div>
  );
}
