/** The minute-before warning of the idle sign-out (use-idle-sign-out.ts), as a modal dialog read out by screen readers. */
import { useEffect, useRef } from 'preact/hooks';
import { useConsoleI18n } from './console-i18n.ts';

export function IdleWarning({ seconds }: { seconds: number | null }) {
  const { t } = useConsoleI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (seconds !== null && !d.open) d.showModal();
    if (seconds === null && d.open) d.close();
  }, [seconds]);
  return (
    <dialog ref={dialog} class="cc-dialog" aria-labelledby="cc-idle-title" aria-describedby="cc-idle-text">
      <h2 id="cc-idle-title">{t('idle.title')}</h2>
      <p id="cc-idle-text">{t('idle.warning', { seconds: seconds ?? 0 })}</p>
      {/* Clicking is activity: the hook starts the count again and closes this. */}
      <button type="button" class="cc-primary" autofocus>{t('idle.stay')}</button>
    </dialog>
  );
}
