/**
 * A lesson: Markdown with a live preview (the sanitising renderer), images and audio
 * attached through the media API (inserted as Markdown links), publish / unpublish.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Lesson, MediaRef } from '../../protocol/entities.ts';
import type { GroupInfo } from '../../protocol/console.ts';
import { go, useConsole } from './console-context.ts';
import { useConsoleI18n } from './console-i18n.ts';
import { ErrorBox, ScreenTitle } from './console-widgets.tsx';
import { MarkdownView } from './markdown-view.tsx';
import { DeleteDraftDialog } from './delete-draft-dialog.tsx';

/** The Markdown that shows a media file in a lesson: an image's alternative text is the teacher's description, else its file name. */
export const mediaMarkdown = (m: MediaRef): string => {
  const label = (m.kind === 'image' && m.description ? m.description : m.name).replace(/[[\]\\]/g, '\\$&');
  return m.kind === 'image' ? `![${label}](${m.url})` : `[${label}](${m.url})`;
};

/** An image's description (its alternative text on the tablets), saved on its own. */
function MediaDescription(props: { lessonId: string; media: MediaRef; onSaved: (m: MediaRef) => void; run: (action: () => Promise<string | null>) => Promise<void> }) {
  const { api } = useConsole();
  const { t } = useConsoleI18n();
  const { media: m } = props;
  const [text, setText] = useState(m.description ?? '');
  const id = `l-desc-${m.id}`;
  return (
    <div class="cc-field cc-media-description">
      <label for={id}>{t('lessons.description', { name: m.name })}</label>
      <span class="cc-actions">
        <input id={id} maxLength={500} value={text} aria-describedby="l-desc-help" onInput={(e) => setText(e.currentTarget.value)} />
        <button type="button" onClick={() => void props.run(async () => {
          props.onSaved(await api.describeLessonMedia(props.lessonId, m.id, text));
          return t('lessons.descriptionSaved');
        })}>{t('lessons.descriptionSave')}</button>
      </span>
    </div>
  );
}

export function LessonEditorScreen(props: { classId: string; lessonId: string }) {
  const { api, announce } = useConsole();
  const { t, te } = useConsoleI18n();
  const [lesson, setLesson] = useState<Lesson | null>(null);
  const [groups, setGroups] = useState<GroupInfo[]>([]);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);

  useEffect(() => {
    api.groups(props.classId).then((g) => setGroups(g.filter((x) => !x.archived)), () => setGroups([]));
    api.lesson(props.lessonId).then((l) => {
      setLesson(l);
      setTitle(l.title);
      setBody(l.bodyMarkdown);
      setTarget(l.groupId ?? '');
    }, (e: unknown) => setError(te(e)));
  }, [api, props.classId, props.lessonId]);

  if (!lesson) return error ? <ErrorBox error={error} /> : <p role="status">{t('app.loading')}</p>;

  const run = async (action: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    try {
      const m = await action();
      if (m) announce(m);
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    const l = await api.updateLesson(lesson.id, { title: title.trim() || lesson.title, bodyMarkdown: body, groupId: target || null });
    setLesson(l);
    return l;
  };
  const upload = (file: File | undefined) => run(async () => {
    if (!file) return null;
    const m = await api.uploadLessonMedia(lesson.id, file);
    setLesson({ ...lesson, media: [...lesson.media, m] });
    setBody((b) => `${b}${b.endsWith('\n') || !b ? '' : '\n\n'}${mediaMarkdown(m)}\n`);
    return t('lessons.uploaded');
  });
  const published = lesson.status === 'published';

  return (
    <div class="cc-editor">
      <ScreenTitle>{lesson.title}</ScreenTitle>
      <form class="cc-form" onSubmit={(e) => { e.preventDefault(); void run(async () => ((await save()) ? t('app.saved') : null)); }}>
        <div class="cc-field">
          <label for="l-title">{t('editor.title')}</label>
          <input id="l-title" required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </div>
        <div class="cc-two-cols">
          <div class="cc-field">
            <label for="l-body">{t('lessons.body')}</label>
            <textarea id="l-body" rows={16} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
          </div>
          <div class="cc-field">
            <span id="l-preview-label" class="cc-label">{t('lessons.preview')}</span>
            <div class="cc-preview-box" role="region" aria-labelledby="l-preview-label"><MarkdownView markdown={body} /></div>
          </div>
        </div>
        <fieldset>
          <legend>{t('lessons.media')}</legend>
          <ul>
            {lesson.media.map((m) => (
              <li key={m.id}>
                {m.name} <button type="button" onClick={() => setBody((b) => `${b}\n${mediaMarkdown(m)}\n`)}>{t('lessons.insert')}</button>
                {m.kind === 'image' && (
                  <MediaDescription lessonId={lesson.id} media={m} run={run} onSaved={(saved) => setLesson((l) => (l ? { ...l, media: l.media.map((x) => (x.id === saved.id ? saved : x)) } : l))} />
                )}
              </li>
            ))}
          </ul>
          {lesson.media.some((m) => m.kind === 'image') && <p id="l-desc-help" class="cc-help">{t('lessons.descriptionHelp')}</p>}
          <label for="l-media">{t('lessons.addMedia')}</label>
          <input id="l-media" type="file" accept="image/*,audio/*" onChange={(e) => void upload(e.currentTarget.files?.[0])} />
        </fieldset>
        {error && <ErrorBox error={error} />}
        <div class="cc-actions">
          <button type="submit" disabled={busy}>{t('app.save')}</button>
          <label for="l-target">{t('editor.publishTo')}</label>
          <select id="l-target" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
            <option value="">{t('target.class')}</option>
            {groups.map((g) => <option key={g.id} value={g.id}>{t('target.group', { name: g.name })}</option>)}
          </select>
          <button type="button" class="cc-primary" disabled={busy} onClick={() => void run(async () => {
            await save();
            setLesson(await api.publishLesson(lesson.id, { groupId: target || null }));
            return t('status.published');
          })}>{t('editor.publish')}</button>
          {published && <button type="button" disabled={busy} onClick={() => void run(async () => { setLesson(await api.unpublishLesson(lesson.id)); return t('status.draft'); })}>{t('editor.unpublish')}</button>}
          {!published && <button type="button" class="cc-danger" disabled={busy} onClick={() => setDeleting(true)}>{t('app.delete')}</button>}
          {deleting && (
            <DeleteDraftDialog onClose={() => setDeleting(false)} onDelete={() => void run(async () => {
              setDeleting(false);
              await api.deleteLesson(lesson.id);
              go({ name: 'lessons', classId: props.classId });
              return null;
            })} />
          )}
        </div>
      </form>
    </div>
  );
}
