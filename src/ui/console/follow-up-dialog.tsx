/**
 * A modal <dialog> for the teacher's follow-up actions (send back, due date, remind): opened
 * with showModal (focus inside, Escape cancels, the page behind inert), closed by its buttons.
 * `cancelFirst`: a destructive confirmation, focus starts on « Annuler ».
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useConsoleI18n } from './console-i18n.ts';

export function FollowUpDialog(props: { id: string; title: string; onClose: () => void; children: ComponentChildren; actions: ComponentChildren; cancelFirst?: boolean }) {
  const { t } = useConsoleI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  return (
    <dialog ref={dialog} class="cc-dialog" aria-labelledby={`${props.id}-title`} onClose={props.onClose}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.children}
      <div class="cc-row">
        {props.actions}
        <button type="button" autofocus={props.cancelFirst} onClick={() => dialog.current?.close()}>{t('app.cancel')}</button>
      </div>
    </dialog>
  );
}
