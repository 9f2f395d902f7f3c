/**
 * « Rendre à refaire… » on the marking desk (issue 13): the teacher writes what to redo and the
 * handed-in copy goes back to the pupil's tablet « À refaire », their answers kept as the draft.
 * A copy already sent back says so (when, with what message) until the pupil hands it in again.
 */
import { useState } from 'preact/hooks';
import type { Submission } from '../../protocol/entities.ts';
import { MAX_SEND_BACK_MESSAGE } from '../../protocol/follow-up.ts';
import { useConsole } from './console-context.ts';
import { formatDate, useConsoleI18n } from './console-i18n.ts';
import { ErrorBox } from './console-widgets.tsx';
import { FollowUpDialog } from './follow-up-dialog.tsx';

export function SendBack(props: { submission: Submission; studentName: string; onSentBack: (s: Submission) => void }) {
  const { api, announce } = useConsole();
  const { t, te, lang } = useConsoleI18n();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const s = props.submission;

  if (s.state === 'draft') {
    return s.sentBack ? <p class="cc-notice" role="status">{t('fu.sentBack', { date: formatDate(s.sentBack.at, lang), message: s.sentBack.message })}</p> : null;
  }
  const send = async () => {
    if (!message.trim()) {
      setError(t('fu.messageRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const after = await api.sendBack(s.id, message);
      setOpen(false);
      props.onSentBack(after);
      announce(t('fu.sendBackDone', { name: props.studentName }));
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" onClick={() => { setError(null); setOpen(true); }}>{t('fu.sendBack')}</button>
      {open && (
        <FollowUpDialog id="send-back" title={t('fu.sendBackTitle', { name: props.studentName })} onClose={() => setOpen(false)}
          actions={<button type="button" class="cc-primary" disabled={busy} onClick={() => void send()}>{t('fu.sendBackConfirm')}</button>}>
          <p>{t('fu.sendBackHelp')}</p>
          <div class="cc-field">
            <label for="send-back-message">{t('fu.sendBackMessage')}</label>
            <textarea id="send-back-message" rows={4} maxLength={MAX_SEND_BACK_MESSAGE} required aria-invalid={error ? 'true' : undefined}
              value={message} onInput={(e) => setMessage(e.currentTarget.value)} />
          </div>
          {error && <ErrorBox error={error} />}
        </FollowUpDialog>
      )}
    </>
  );
}
