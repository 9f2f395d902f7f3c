/**
 * What an adult may do to a tablet (issue 19), each said before it is done: « Retirer la
 * tablette » names what the tablet last reported as waiting and says it stays on it;
 * « Tablette perdue ou volée » — the only action that erases pupils' data, at the tablet's
 * next contact — says so, and what would be lost; « Réactiver la tablette » gives it back.
 * The confirmations are modal <dialog>s: focus inside, Escape cancels, screen readers hear
 * the title and the text.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Device } from '../../protocol/entities.ts';
import { useConsole } from './console-context.ts';
import { formatWhen, useConsoleI18n, type Translate } from './console-i18n.ts';
import { waitingWorks } from './device-sync-status.ts';

type Pending = 'revoke' | 'lost' | null;

/** The sentence about what the tablet last reported waiting, for a withdrawal or a loss. */
function waitingSentence(d: Device, kind: 'revoke' | 'lost', t: Translate, when: (iso: string) => string): string | null {
  const { works, names } = waitingWorks(d);
  const time = d.lastSyncAt ? when(d.lastSyncAt) : '';
  if (works > 0) return t(kind === 'revoke' ? 'devices.revokeWaiting' : 'devices.lostWaiting', { count: works, names, time });
  if ((d.pendingCount ?? 0) > 0) return t(kind === 'revoke' ? 'devices.revokeWaitingUnnamed' : 'devices.lostWaitingUnnamed', { count: d.pendingCount ?? 0, time });
  if (kind === 'lost') return null;
  return d.lastSyncAt && d.pendingCount !== null ? t('devices.revokeNothing', { time }) : t('devices.revokeNever');
}

/** The buttons of one tablet, and their confirmations. `onChanged` reloads the list. */
export function DeviceActions({ device: d, onChanged, onError }: { device: Device; onChanged: () => void; onError: (e: unknown) => void }) {
  const { api, announce } = useConsole();
  const { t, lang } = useConsoleI18n();
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (pending && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [pending]);

  const run = async (f: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await f();
      announce(done);
      onChanged();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
      dialog.current?.close();
      setPending(null);
    }
  };
  const confirm = () =>
    pending === 'lost'
      ? run(() => api.reportDeviceLost(d.id), t('devices.lostDone', { name: d.name }))
      : run(() => api.revokeDevice(d.id), t('devices.revokedDone', { name: d.name }));

  const when = (iso: string) => formatWhen(iso, lang);
  const waiting = pending ? waitingSentence(d, pending, t, when) : null;
  const titleId = `dlg-title-${d.id}`;
  return (
    <div class="cc-actions">
      {d.revokedAt && (
        <button type="button" aria-label={t('devices.reactivateAria', { name: d.name })} disabled={busy}
          onClick={() => void run(() => api.reactivateDevice(d.id), t('devices.reactivatedDone', { name: d.name }))}>
          {t('devices.reactivate')}
        </button>
      )}
      {!d.revokedAt && (
        <button type="button" class="cc-danger" aria-label={t('devices.revokeAria', { name: d.name })} onClick={() => setPending('revoke')}>
          {t('devices.revoke')}
        </button>
      )}
      {!d.lostAt && (
        <button type="button" class="cc-danger" aria-label={t('devices.lostAria', { name: d.name })} onClick={() => setPending('lost')}>
          {t('devices.lost')}
        </button>
      )}
      {pending && (
        <dialog ref={dialog} class="cc-dialog" aria-labelledby={titleId} onClose={() => setPending(null)}>
          <h2 id={titleId}>{t(pending === 'lost' ? 'devices.confirmLostTitle' : 'devices.confirmRevokeTitle', { name: d.name })}</h2>
          {pending === 'lost' && <p class="cc-error">{t('devices.lostEffect')}</p>}
          {waiting && <p class="cc-dialog-waiting">{waiting}</p>}
          {pending === 'revoke' && <p>{t('devices.revokeEffect')}</p>}
          <div class="cc-row">
            <button type="button" class="cc-danger cc-danger-solid" disabled={busy} onClick={() => void confirm()}>
              {t(pending === 'lost' ? 'devices.confirmLost' : 'devices.confirmRevoke')}
            </button>
            <button type="button" autofocus onClick={() => dialog.current?.close()}>{t('app.cancel')}</button>
          </div>
        </dialog>
      )}
    </div>
  );
}
