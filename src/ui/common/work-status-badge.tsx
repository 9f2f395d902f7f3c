/** The status a student trusts, in words: brouillon, rendu — en attente d'envoi, reçu le …, corrigé, à revoir, à refaire. */
import type { WorkView } from '../../db/reconcile-work.ts';
import { formatDateTime, t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

/** The status text of a reconciled work view. */
export function workStatusText(view: WorkView): string {
  switch (view.status) {
    case 'not_started':
      return t('status.todo');
    case 'draft':
      return t('status.draft');
    case 'submitted_pending':
      return t('status.submitting');
    case 'received':
      return t('status.received', { time: view.at ? formatDateTime(view.at) : '…' });
    case 'returned':
      return t('status.returned');
    case 'needs_attention':
      return t('status.needsAttention');
    case 'redo':
      return t('status.redo');
  }
}

export function WorkStatusBadge({ view }: { view: WorkView }) {
  const cls =
    view.status === 'received' || view.status === 'returned' ? 'badge received' : view.status === 'needs_attention' || view.status === 'redo' ? 'badge late' : 'badge state';
  return (
    <span class={cls} data-status={view.status}>
      {workStatusText(view)}
    </span>
  );
}
