/** IT referent: download a full backup of the school's database (GET /api/backup, with the token). */
import { useState } from 'preact/hooks';
import { useConsole } from '../console-context.ts';
import { formatBytes, useConsoleI18n } from '../console-i18n.ts';
import { ErrorBox, ScreenTitle } from '../console-widgets.tsx';

export function BackupScreen() {
  const { api, announce } = useConsole();
  const { t, lang, te } = useConsoleI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const blob = await api.backup();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `cartable-${new Date().toISOString().slice(0, 10)}.sqlite`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      announce(t('admin.backup.done', { size: formatBytes(blob.size, lang) }));
    } catch (e) {
      setError(te(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ScreenTitle>{t('admin.backup.title')}</ScreenTitle>
      <p>{t('admin.backup.help')}</p>
      <button type="button" class="cc-primary" disabled={busy} onClick={() => void download()}>{t('admin.backup.download')}</button>
      {error && <ErrorBox error={error} />}
    </>
  );
}
