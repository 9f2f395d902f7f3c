/**
 * The teacher's images and sounds under an assignment's instructions or one of its questions
 * (issue 13): each image with its description as its alternative text and « Voir en grand »
 * (the shared image viewer), each sound as a labelled player. On the tablet the `/media/…`
 * URLs are served by the service worker from its cache (warmed before the screen shows, and by
 * the sync worker after a pull); the console's preview passes `resolve`, which fetches them
 * with the teacher's token into blob: URLs, since an <img src> cannot send it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { MediaRef } from '../../protocol/entities.ts';
import { ImageViewer } from '../common/image-viewer.tsx';
import { mediaLabel } from '../common/media-label.ts';
import { t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

/** Turns a `/media/…` URL into one an <img>/<audio> can load (absent: the URL itself). */
export type MediaResolver = (url: string) => Promise<string>;


function useMediaSrc(url: string, resolve: MediaResolver | undefined): string | null {
  const [src, setSrc] = useState<string | null>(resolve ? null : url);
  useEffect(() => {
    if (!resolve) return setSrc(url);
    let live = true;
    resolve(url).then((u) => live && setSrc(u), () => live && setSrc(null));
    return () => { live = false; };
  }, [url, resolve]);
  return src;
}

function MediaImage({ media: m, number, resolve, onOpen }: { media: MediaRef; number: number; resolve?: MediaResolver; onOpen(src: string, alt: string): void }) {
  const src = useMediaSrc(m.url, resolve);
  const alt = mediaLabel(m, number);
  return (
    <figure class="assignment-media-image">
      {src ? <img src={src} alt={alt} /> : <span class="media-placeholder" role="img" aria-label={alt} />}
      {m.description?.trim() && <figcaption aria-hidden="true">{m.description}</figcaption>}
      <button type="button" class="button" disabled={!src} aria-label={t('image.open', { name: alt })} onClick={() => src && onOpen(src, alt)}>
        {t('image.see')}
      </button>
    </figure>
  );
}

function MediaSound({ media: m, resolve }: { media: MediaRef; resolve?: MediaResolver }) {
  const src = useMediaSrc(m.url, resolve);
  const labelId = `media-${m.id}-label`;
  return (
    <figure class="assignment-media-sound">
      <figcaption id={labelId}>{t('media.sound', { name: mediaLabel(m) })}</figcaption>
      <audio controls preload="metadata" src={src ?? undefined} aria-labelledby={labelId} />
    </figure>
  );
}

/** The media of one place (instructions or a question), in the order the teacher attached them; nothing when none. */
export function AssignmentMedia({ media, resolve }: { media: readonly MediaRef[]; resolve?: MediaResolver }) {
  const [open, setOpen] = useState<{ src: string; alt: string } | null>(null);
  if (media.length === 0) return null;
  return (
    <div class="assignment-media">
      {media.map((m) => (m.kind === 'image'
        ? <MediaImage key={m.id} media={m} number={media.filter((x) => x.kind === 'image').indexOf(m) + 1} resolve={resolve} onOpen={(src, alt) => setOpen({ src, alt })} />
        : <MediaSound key={m.id} media={m} resolve={resolve} />))}
      {open && <ImageViewer src={open.src} alt={open.alt} onClose={() => setOpen(null)} />}
    </div>
  );
}
