/** Small building blocks shared by the console screens: loading and error states, page titles. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useConsoleI18n } from './console-i18n.ts';
import type { Loaded } from './use-load.ts';

/** The screen's heading; takes focus when the screen opens, so screen readers announce the new page. */
export function ScreenTitle(props: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} class="cc-title">
      {props.children}
    </h1>
  );
}

/** Renders `children(data)` once loaded; a spinner text while loading; the error with a retry button. */
export function LoadGate<T>(props: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  const { t } = useConsoleI18n();
  const { data, error, loading, reload } = props.loaded;
  if (error && !data) return <ErrorBox error={error} onRetry={reload} />;
  if (data === null) return <p role="status">{loading ? t('app.loading') : ''}</p>;
  return <>{props.children(data)}</>;
}

/** An error in words (a thrown ApiError is translated from its code, never shown as the server's sentence), with « Réessayer ». */
export function ErrorBox(props: { error: unknown; onRetry?: () => void }) {
  const { t, te } = useConsoleI18n();
  const message = te(props.error);
  return (
    <div class="cc-error" role="alert">
      <p>{t('app.error', { message })}</p>
      {props.onRetry && (
        <button type="button" onClick={props.onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}

/** A list of form problems, announced at once. */
export function ProblemList(props: { problems: string[] }) {
  if (!props.problems.length) return null;
  return (
    <ul class="cc-error" role="alert">
      {props.problems.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}

/** A row's archive / unarchive button, labelled with whom it acts on (screen readers hear « Archiver — Léa Petit »). */
export function ArchiveToggle(props: { archived: boolean; name: string; onToggle: () => void }) {
  const { t } = useConsoleI18n();
  const label = props.archived ? t('admin.users.unarchive') : t('admin.users.archive');
  return (
    <button type="button" aria-label={`${label} — ${props.name}`} onClick={props.onToggle}>
      {label}
    </button>
  );
}
