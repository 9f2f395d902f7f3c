/**
 * A console write: clears the last error, runs it, then reloads the screen's data and announces
 * « Enregistré » to screen readers — or keeps the server's refusal, worded from its code, for the form.
 */
import { useState } from 'preact/hooks';
import { useConsole } from './console-context.ts';
import { useConsoleI18n } from './console-i18n.ts';

export function useSaveAction(reload: () => void): { act: (write: () => Promise<unknown>) => Promise<void>; error: string | null } {
  const { announce } = useConsole();
  const { t, te } = useConsoleI18n();
  const [error, setError] = useState<string | null>(null);
  const act = async (write: () => Promise<unknown>) => {
    setError(null);
    try {
      await write();
      reload();
      announce(t('app.saved'));
    } catch (e) {
      setError(te(e));
    }
  };
  return { act, error };
}
