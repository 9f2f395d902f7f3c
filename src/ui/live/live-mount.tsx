/**
 * Where the live class joins the student shell: this stub is all the first screen carries;
 * the live layer (live-layer.tsx: its channel, prompt and overlay) is a lazy chunk loaded once
 * the first screen is shown, and only for a signed-in pupil.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { whenFirstScreenShown } from '../common/first-screen.ts';
import type { LiveLayerProps } from './live-layer.tsx';

let layer: ComponentType<LiveLayerProps> | null = null;

export function LiveMount(props: LiveLayerProps) {
  const [Layer, setLayer] = useState(() => layer);
  useEffect(() => {
    if (Layer) return;
    let live = true;
    void whenFirstScreenShown()
      .then(() => import('./live-layer.tsx'))
      .then((m) => {
        layer = m.LiveLayer;
        if (live) setLayer(() => m.LiveLayer);
      }, (err: unknown) => console.error('live layer failed to load', err));
    return () => void (live = false);
  }, []);
  return Layer ? <Layer {...props} /> : null;
}
