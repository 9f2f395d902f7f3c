/**
 * A student's photo (zoom, rotate) or recording, fetched with the teacher's token (an
 * <img src> cannot send it) and shown from a blob: URL, revoked when it leaves the screen.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AttachmentMeta } from '../../protocol/entities.ts';
import { useConsole } from './console-context.ts';
import { useConsoleI18n } from './console-i18n.ts';

function useBlobUrl(url: string, enabled: boolean): { src: string | null; error: string | null } {
  const { api } = useConsole();
  const { te } = useConsoleI18n();
  const [src, setSrc] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let made: string | null = null;
    let live = true;
    api.attachmentUrl(url).then(
      (u) => {
        made = u;
        if (live) setSrc(u);
        else URL.revokeObjectURL(u);
      },
      (e: unknown) => live && setError(te(e)),
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [api, url, enabled]);
  return { src, error };
}

export function AttachmentView(props: { meta: AttachmentMeta; n: number }) {
  const { t } = useConsoleI18n();
  const { meta, n } = props;
  const { src, error } = useBlobUrl(meta.url, meta.complete);
  const [zoom, setZoom] = useState(1);
  const [turn, setTurn] = useState(0);
  if (!meta.complete) return <p class="cc-hint">{t('sub.incomplete')}</p>;
  if (error) return <p class="cc-error">{error}</p>;
  if (meta.kind === 'audio') {
    return (
      <figure class="cc-attachment">
        <figcaption>{t('sub.audio', { n })}</figcaption>
        {src && <audio controls preload="metadata" src={src} aria-label={t('sub.audio', { n })} />}
      </figure>
    );
  }
  const label = t('sub.photo', { n });
  return (
    <figure class="cc-attachment">
      <figcaption>{label}</figcaption>
      <div class="cc-actions" role="group" aria-label={label}>
        <button type="button" onClick={() => setZoom((z) => Math.min(4, z * 1.5))} aria-label={`${t('sub.zoomIn')} — ${label}`}>+</button>
        <button type="button" onClick={() => setZoom((z) => Math.max(0.5, z / 1.5))} aria-label={`${t('sub.zoomOut')} — ${label}`}>-</button>
        <button type="button" onClick={() => setTurn((r) => (r + 90) % 360)} aria-label={`${t('sub.rotate')} — ${label}`}>⟳</button>
      </div>
      <div class="cc-photo-box" tabIndex={0} role="region" aria-label={label}>
        {src && <img src={src} alt={label} class="cc-photo" data-zoom={zoom} data-turn={turn} style={{ transform: `rotate(${turn}deg) scale(${zoom})` }} />}
      </div>
    </figure>
  );
}
