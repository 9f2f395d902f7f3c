/**
 * The images and sounds of one place of an assignment — its instructions or one question — in
 * the editor (issue 13): « Ajouter une image ou un son », each image's description (its
 * alternative text on the tablets, as in the lesson editor), « Retirer » (asked first, as a pupil is
 * before a photo goes: one stray click must not lose a picture the teacher took time to find). The server keeps
 * them by question, so a question typed but not saved yet is saved first (the same save as
 * « Enregistrer »); a form with problems is not, and the file waits.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Assignment, MediaRef } from '../../protocol/entities.ts';
import { useConsole } from './console-context.ts';
import { useConsoleI18n } from './console-i18n.ts';
import { mediaBlobUrl } from './markdown-view.tsx';
import { FollowUpDialog } from './follow-up-dialog.tsx';

export interface AssignmentMediaEditorProps {
  /** The saved assignment (null: never saved yet). */
  assignment: Assignment | null;
  /** null: the instructions. */
  questionId: string | null;
  /** « Question 2 »'s number, for the legend; absent for the instructions. */
  n?: number;
  /** Saves the form (returns null when it has problems). */
  save(): Promise<Assignment | null>;
  /** The assignment's media list changed on the server. */
  onMedia(change: (media: MediaRef[]) => MediaRef[]): void;
  run(action: () => Promise<string | null>): Promise<void>;
  busy: boolean;
}

/** A small view of the medium, fetched with the teacher's token. */
function MediaThumb({ media: m }: { media: MediaRef }) {
  const { api } = useConsole();
  const { t } = useConsoleI18n();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    mediaBlobUrl(api, m.url).then((u) => live && setSrc(u), () => undefined);
    return () => { live = false; };
  }, [api, m.url]);
  if (m.kind === 'image') return src ? <img class="cc-media-thumb" src={src} alt="" /> : <span class="cc-media-thumb" />;
  return <audio class="cc-media-audio" controls preload="metadata" src={src ?? undefined} aria-label={t('amedia.sound', { name: m.name })} />;
}

function DescriptionField({ assignmentId, media: m, onSaved, run, helpId }: { assignmentId: string; media: MediaRef; onSaved(m: MediaRef): void; run: AssignmentMediaEditorProps['run']; helpId: string }) {
  const { api } = useConsole();
  const { t } = useConsoleI18n();
  const [text, setText] = useState(m.description ?? '');
  const id = `am-desc-${m.id}`;
  return (
    <div class="cc-field cc-media-description">
      <label for={id}>{t('lessons.description', { name: m.name })}</label>
      <span class="cc-actions">
        <input id={id} maxLength={500} value={text} aria-describedby={helpId} onInput={(e) => setText(e.currentTarget.value)} />
        <button type="button" onClick={() => void run(async () => {
          onSaved(await api.describeAssignmentMedia(assignmentId, m.id, text));
          return t('lessons.descriptionSaved');
        })}>{t('lessons.descriptionSave')}</button>
      </span>
    </div>
  );
}

export function AssignmentMediaEditor(props: AssignmentMediaEditorProps) {
  const { api } = useConsole();
  const { t } = useConsoleI18n();
  const { assignment, questionId } = props;
  const place = questionId ?? 'instructions';
  const here = (assignment?.media ?? []).filter((m) => (m.questionId ?? null) === questionId);
  const [removing, setRemoving] = useState<MediaRef | null>(null);
  const fileId = `am-${place}-file`;
  const helpId = `am-${place}-help`;

  const upload = (input: HTMLInputElement) => props.run(async () => {
    const file = input.files?.[0];
    if (!file) return null;
    // The server knows a question once saved: save first when it is new (or nothing is saved yet).
    const known = assignment && (questionId === null || assignment.questions.some((q) => q.id === questionId));
    const target = known ? assignment : await props.save();
    if (!target) return null;
    const m = await api.uploadAssignmentMedia(target.id, file, questionId);
    input.value = '';
    props.onMedia((list) => [...list, m]);
    return t('amedia.uploaded', { name: m.name });
  });
  const remove = (m: MediaRef) => props.run(async () => {
    if (!assignment) return null;
    await api.deleteAssignmentMedia(assignment.id, m.id);
    props.onMedia((list) => list.filter((x) => x.id !== m.id));
    return t('amedia.removed', { name: m.name });
  });

  return (
    <fieldset class="cc-assignment-media">
      <legend>{questionId === null ? t('amedia.instructions') : t('amedia.question', { n: props.n ?? 1 })}</legend>
      {here.length > 0 && (
        <ul class="cc-media-list">
          {here.map((m) => (
            <li key={m.id}>
              <div class="cc-media-row">
                <MediaThumb media={m} />
                <span class="cc-media-name">{m.name}</span>
                <button type="button" class="cc-danger" disabled={props.busy} aria-label={t('amedia.removeName', { name: m.name })} onClick={() => setRemoving(m)}>{t('amedia.remove')}</button>
              </div>
              {m.kind === 'image' && assignment && (
                <DescriptionField assignmentId={assignment.id} media={m} run={props.run} helpId={helpId}
                  onSaved={(saved) => props.onMedia((list) => list.map((x) => (x.id === saved.id ? saved : x)))} />
              )}
            </li>
          ))}
        </ul>
      )}
      {here.some((m) => m.kind === 'image') && <p id={helpId} class="cc-help">{t('lessons.descriptionHelp')}</p>}
      {removing && (
        <FollowUpDialog id={`am-${place}-remove`} title={t('amedia.removeTitle', { name: removing.name })} onClose={() => setRemoving(null)} cancelFirst
          actions={<button type="button" class="cc-danger cc-danger-solid" disabled={props.busy} onClick={() => { const m = removing; setRemoving(null); void remove(m); }}>{t('amedia.remove')}</button>}>
          <p>{t(removing.kind === 'image' ? 'amedia.removeImageText' : 'amedia.removeSoundText')}</p>
        </FollowUpDialog>
      )}
      <div class="cc-field">
        <label for={fileId}>{t('amedia.add')}</label>
        <input id={fileId} type="file" class="cc-file" accept="image/*,audio/*" disabled={props.busy} aria-describedby={`${fileId}-hint`} onChange={(e) => void upload(e.currentTarget)} />
        <span id={`${fileId}-hint`} class="cc-hint">{t('amedia.hint')}</span>
      </div>
    </fieldset>
  );
}
