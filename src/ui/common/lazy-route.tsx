/**
 * Renders a component from a lazy chunk (markdown + sanitiser, and every screen, stay out of
 * the initial bundle). A chunk loaded once renders at once the next time (no "Chargement…"),
 * and `preload` starts a likely next screen while the app is still reading IndexedDB. A chunk
 * that fails to load throws during render, for the ScreenBoundary above.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n.ts';
import { markFirstScreenShown } from './first-screen.ts';

type Loader<P> = () => Promise<ComponentType<P>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loaded = new Map<Loader<any>, ComponentType<any>>();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const pending = new Map<Loader<any>, Promise<ComponentType<any>>>();

function load<P>(loader: Loader<P>): Promise<ComponentType<P>> {
  let p = pending.get(loader) as Promise<ComponentType<P>> | undefined;
  if (!p) {
    p = loader().then((c) => {
      loaded.set(loader, c);
      return c;
    });
    pending.set(loader, p);
    p.catch(() => pending.delete(loader)); // a failed fetch may succeed next time
  }
  return p;
}

/** Starts loading a screen's chunk now (fire and forget). */
export function preload<P>(loader: Loader<P>): void {
  load(loader).catch(() => undefined);
}

export function LazyRoute<P extends object>({ load: loader, props }: { load: Loader<P>; props: P }) {
  const [Comp, setComp] = useState<ComponentType<P> | null>(() => (loaded.get(loader) as ComponentType<P> | undefined) ?? null);
  const [error, setError] = useState<{ error: unknown } | null>(null);
  useEffect(() => {
    if (loaded.get(loader) === Comp && Comp) return;
    let live = true;
    load(loader).then(
      (c) => live && setComp(() => c),
      (err: unknown) => live && setError({ error: err }),
    );
    return () => {
      live = false;
    };
  }, [loader]);
  // The ScreenBoundary above says it in the pupil's words, with « Réessayer ».
  if (error) throw error.error instanceof Error ? error.error : new Error(String(error.error));
  if (!Comp) return <p>{t('app.loading')}</p>;
  markFirstScreenShown(); // the render is synchronous: the screen is in the DOM right after
  return <Comp {...props} />;
}
