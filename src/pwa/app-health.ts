/**
 * What went wrong on this tablet since it started the version it runs (issue 16): starts that
 * never showed a first screen (« démarrages ratés ») and uncaught errors, with the last one in
 * short. Sent with the update check-in (update-policy.ts); the IT referent reads them per build.
 * main.tsx counts each start in localStorage (`BOOTS_KEY`, one line: the first screen carries
 * nothing more); this lazy chunk (loaded once a screen has shown, or after 10 s whatever
 * happened) takes every start but this one as failed, and this one as a success only when its
 * first screen really shows — a start still showing nothing is counted at the next one.
 * Counting restarts from zero with each new version. Only an error's message, never what a
 * pupil typed.
 */
import { firstScreenShown } from '../ui/common/first-screen.ts';

export const BOOTS_KEY = 'cartable.boots';
const KEY = 'cartable.appHealth';

interface AppHealth {
  version: string;
  failedStarts: number;
  uncaughtErrors: number;
  lastError: string | null;
}

let current: AppHealth | null = null;
const save = () => {
  try {
    localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // storage full or blocked: the counts are a help, never a reason to fail
  }
};

function record(error: unknown) {
  if (!current) return;
  current.uncaughtErrors++;
  current.lastError = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 300);
  save();
}

/** Once a screen has shown (register.ts): counts the failed starts before this one, then listens for uncaught errors. */
export function startAppHealth(version: string): void {
  if (current) return;
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as AppHealth | null;
    if (stored?.version === version) current = stored;
  } catch {
    // unreadable: start over
  }
  current ??= { version, failedStarts: 0, uncaughtErrors: 0, lastError: null };
  const boots = Number(localStorage.getItem(BOOTS_KEY)) || 1;
  current.failedStarts += boots - 1;
  localStorage.setItem(BOOTS_KEY, '1'); // this start, until its first screen shows
  save();
  void firstScreenShown().then(() => localStorage.setItem(BOOTS_KEY, '0'));
  addEventListener('error', (e) => record(e.error ?? e.message));
  addEventListener('unhandledrejection', (e) => record(e.reason));
}

/** The counts to report. */
export function appHealth(): Omit<AppHealth, 'version'> {
  const { failedStarts, uncaughtErrors, lastError } = current ?? { failedStarts: 0, uncaughtErrors: 0, lastError: null };
  return { failedStarts, uncaughtErrors, lastError };
}
