/**
 * « Supprimer » on a draft (an assignment or a lesson) asks in the console's own modal dialog —
 * the browser's confirm() showed the browser's words and buttons, and started on « OK » — with
 * focus on « Annuler » (a destructive action).
 */
import { FollowUpDialog } from './follow-up-dialog.tsx';
import { useConsoleI18n } from './console-i18n.ts';

export function DeleteDraftDialog(props: { onClose: () => void; onDelete: () => void }) {
  const { t } = useConsoleI18n();
  return (
    <FollowUpDialog id="cc-delete-draft" title={t('editor.confirmDelete')} onClose={props.onClose} cancelFirst
      actions={<button type="button" class="cc-danger cc-danger-solid" onClick={props.onDelete}>{t('app.delete')}</button>}>
      <p>{t('editor.confirmDeleteText')}</p>
    </FollowUpDialog>
  );
}
