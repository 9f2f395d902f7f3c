/** Renders a component from a lazy chunk (markdown + sanitiser stay out of the initial bundle). */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n.ts';

export function LazyRoute<P extends object>({ load, props }: { load: () => Promise<ComponentType<P>>; props: P }) {
  const [Comp, setComp] = useState<ComponentType<P> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    load().then(
      (c) => live && setComp(() => c),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [load]);
  if (error) return <p class="notice error">{t('error.generic', { message: error })}</p>;
  if (!Comp) return <p>{t('app.loading')}</p>;
  return <Comp {...props} />;
}
