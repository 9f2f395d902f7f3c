/**
 * The IT referent's enrolment codes (issue 19): every code not expired yet, with its class,
 * who made it, its expiry and how many tablets it may still enrol, and « Révoquer » after a
 * confirmation that says what it does (no new tablet with it; those already enrolled stay).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EnrolmentCodeInfo } from '../../../protocol/console.ts';
import { useConsole } from '../console-context.ts';
import { formatDate, useConsoleI18n } from '../console-i18n.ts';

export function EnrolmentCodesTable({ codes, onChanged, onError }: { codes: EnrolmentCodeInfo[]; onChanged: () => void; onError: (e: unknown) => void }) {
  const { api, announce } = useConsole();
  const { t, lang } = useConsoleI18n();
  const [pending, setPending] = useState<EnrolmentCodeInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (pending && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [pending]);
  const forWhom = (c: EnrolmentCodeInfo) => c.className ?? t('admin.codes.wholeSchool');
  const revoke = async (c: EnrolmentCodeInfo) => {
    setBusy(true);
    try {
      await api.revokeEnrolmentCode(c.id);
      announce(t('admin.codes.revokedDone', { class: forWhom(c) }));
      onChanged();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
      dialog.current?.close();
      setPending(null);
    }
  };
  return (
    <>
      <h2 id="codes-title">{t('admin.codes.title')}</h2>
      {codes.length === 0 ? (
        <p>{t('admin.codes.none')}</p>
      ) : (
        <table class="cc-table" aria-labelledby="codes-title">
          <thead>
            <tr>
              <th scope="col">{t('admin.students.class')}</th><th scope="col">{t('admin.codes.createdBy')}</th>
              <th scope="col">{t('admin.codes.expires')}</th><th scope="col">{t('admin.codes.usesLeft')}</th>
              <th scope="col">{t('tablets.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {codes.map((c) => (
              <tr key={c.id}>
                <th scope="row">{forWhom(c)}</th>
                <td>{t('admin.codes.createdOn', { name: c.createdByName, date: formatDate(c.createdAt, lang) })}</td>
                <td>{formatDate(c.expiresAt, lang)}</td>
                <td>{c.revokedAt ? t('admin.codes.revokedOn', { date: formatDate(c.revokedAt, lang) }) : c.usesLeft === 0 ? t('admin.codes.usedUp') : t('admin.codes.uses', { count: c.usesLeft })}</td>
                <td>
                  {!c.revokedAt && c.usesLeft > 0 && (
                    <button type="button" class="cc-danger" aria-label={t('admin.codes.revokeAria', { class: forWhom(c), date: formatDate(c.createdAt, lang) })} onClick={() => setPending(c)}>
                      {t('admin.codes.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pending && (
        <dialog ref={dialog} class="cc-dialog" aria-labelledby="code-dlg-title" onClose={() => setPending(null)}>
          <h2 id="code-dlg-title">{t('admin.codes.confirmTitle', { class: forWhom(pending) })}</h2>
          <p>{t('admin.codes.confirmEffect', { count: pending.usesLeft })}</p>
          <div class="cc-row">
            <button type="button" class="cc-danger cc-danger-solid" disabled={busy} onClick={() => void revoke(pending)}>{t('admin.codes.confirm')}</button>
            <button type="button" autofocus onClick={() => dialog.current?.close()}>{t('app.cancel')}</button>
          </div>
        </dialog>
      )}
    </>
  );
}
