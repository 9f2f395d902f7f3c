/**
 * The sync bar as a lazy chunk (its code and its French words), loaded once the first screen
 * is shown so that it never weighs on the first screen's JavaScript (≤ 50 KB gzip): until then
 * the foot of the screen is empty. The sync itself does not wait for it (use-sync-status.ts).
 * A chunk that fails to load is tried again a few seconds later.
 */
import type { ComponentProps, ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { whenFirstScreenShown } from '../common/first-screen.ts';
import type { SyncBar } from './sync-bar.tsx';

type Props = ComponentProps<typeof SyncBar>;
const RETRY_MS = 5_000;

let loaded: ComponentType<Props> | null = null;
const loadBar = (): Promise<ComponentType<Props>> => import('./sync-bar.tsx').then((m) => (loaded = m.SyncBar));

export function LazySyncBar(props: Props) {
  const [Bar, setBar] = useState<ComponentType<Props> | null>(() => loaded);
  useEffect(() => {
    if (Bar) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () =>
      loadBar().then(
        (c) => live && setBar(() => c),
        () => { if (live) timer = setTimeout(attempt, RETRY_MS); },
      );
    void whenFirstScreenShown().then(attempt);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, []);
  return Bar ? <Bar {...props} /> : null;
}
