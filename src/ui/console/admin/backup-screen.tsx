/**
 * IT referent: the backup archive (download, GET /api/backup), the nightly backups (last one:
 * when, size, result; the next one) and a restore (upload, an explicit confirmation that says
 * what is lost, then the result). A refused archive is told in French and changes nothing.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { BackupStatus, RestoreResult } from '../../../protocol/console.ts';
import { useConsole } from '../console-context.ts';
import { formatBytes, formatDate, timeHereIfOther, useConsoleI18n } from '../console-i18n.ts';
import { ErrorBox, LoadGate, ScreenTitle } from '../console-widgets.tsx';
import { useLoad } from '../use-load.ts';
import { saveFile } from '../save-file.ts';

export function BackupScreen() {
  const { api, announce } = useConsole();
  const { t, lang, te, tc } = useConsoleI18n();
  const status = useLoad(() => api.backupStatus(), []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [restored, setRestored] = useState<RestoreResult | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => { if (confirming) cancelRef.current?.focus(); }, [confirming]);

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const { blob, name } = await api.backup();
      saveFile(blob, name);
      announce(t('admin.backup.done', { size: formatBytes(blob.size, lang) }));
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };

  const restore = async () => {
    if (!file) return;
    setConfirming(false);
    setBusy(true);
    setError(null);
    setRestored(null);
    try {
      const r = await api.restoreBackup(file);
      setRestored(r);
      announce(t('admin.backup.restored', { date: formatDate(r.createdAt, lang), students: r.counts.students ?? 0, submissions: r.counts.submissions ?? 0, files: r.blobs }));
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };

  /** When the nightly backup runs: the server's hour, and this computer's when its clock differs. */
  const scheduleLine = (s: BackupStatus) => {
    const here = timeHereIfOther(s.nextAt, s.hour, lang);
    const params = { hour: s.hour, dir: s.dir ?? '', keep: s.keep };
    return here ? t('admin.backup.scheduleHere', { ...params, here }) : t('admin.backup.schedule', params);
  };

  return (
    <>
      <ScreenTitle>{t('admin.backup.title')}</ScreenTitle>
      <p>{t('admin.backup.help')}</p>
      <button type="button" class="cc-primary" disabled={busy} onClick={() => void download()}>{t('admin.backup.download')}</button>
      <p class="cc-hint">{t('admin.backup.keyNote')}</p>

      <h2>{t('admin.backup.nightly')}</h2>
      <LoadGate loaded={status}>
        {(s) => !s.enabled ? <p>{t('admin.backup.off')}</p> : (
          <>
            <p>{scheduleLine(s)}</p>
            <p class="cc-hint">{t('admin.backup.sameDisk')}</p>
            <dl class="cc-facts">
              <dt>{t('admin.backup.last')}</dt>
              <dd class={s.last && !s.last.ok ? 'cc-error' : undefined}>
                {!s.last ? t('admin.backup.lastNone')
                  : s.last.ok ? t('admin.backup.lastOk', { date: formatDate(s.last.at, lang), size: formatBytes(s.last.size, lang) })
                  : t('admin.backup.lastFailed', { date: formatDate(s.last.at, lang), reason: tc(s.last.error) })}
              </dd>
              {s.nextAt && <dd>{t('admin.backup.next', { date: formatDate(s.nextAt, lang) })}</dd>}
            </dl>
          </>
        )}
      </LoadGate>

      <h2>{t('admin.backup.restoreTitle')}</h2>
      <p>{t('admin.backup.restoreHelp')}</p>
      <div class="cc-form cc-row">
        <div class="cc-field">
          <label for="b-restore-file">{t('admin.backup.restoreFile')}</label>
          <input id="b-restore-file" type="file" accept=".tar,application/x-tar" disabled={busy} onChange={(e) => { setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null); setRestored(null); setError(null); }} />
        </div>
        <button type="button" disabled={busy || !file || confirming} onClick={() => setConfirming(true)}>{t('admin.backup.restore')}</button>
      </div>
      {confirming && file && (
        <div class="cc-confirm" role="group" aria-labelledby="cc-restore-confirm">
          <p id="cc-restore-confirm" class="cc-notice">{t('admin.backup.confirm', { name: file.name })}</p>
          <button type="button" ref={cancelRef} onClick={() => setConfirming(false)}>{t('admin.backup.cancel')}</button>{' '}
          <button type="button" class="cc-danger" onClick={() => void restore()}>{t('admin.backup.confirmYes')}</button>
        </div>
      )}
      {restored && (
        // Shown here, announced once by the console's live region (announce above): not a second live region.
        <p class="cc-notice" data-restored>
          {t('admin.backup.restored', { date: formatDate(restored.createdAt, lang), students: restored.counts.students ?? 0, submissions: restored.counts.submissions ?? 0, files: restored.blobs })}
        </p>
      )}
      {error && <ErrorBox error={error} />}
    </>
  );
}
