/**
 * Renders Markdown with the tablet's sanitising renderer (src/ui/markdown), so previews
 * match the tablet. Lesson media (`/media/…`) needs the teacher's token, which an <img src>
 * cannot send: each medium is fetched once with it and shown from a blob: URL.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { renderMarkdown } from '../markdown/render-markdown.ts';
import { useConsole } from './console-context.ts';
import type { ConsoleApi } from './console-api.ts';

/** Blob URLs of lesson media already fetched in this tab (media is content-addressed: never stale). */
const mediaUrls = new Map<string, Promise<string>>();

/** A blob: URL of a `/media/…` fetched once with the teacher's token (shared with the student preview's media). */
export function mediaBlobUrl(api: Pick<ConsoleApi, 'attachmentUrl'>, src: string): Promise<string> {
  let url = mediaUrls.get(src);
  if (!url) {
    url = api.attachmentUrl(src);
    mediaUrls.set(src, url);
    url.catch(() => mediaUrls.delete(src));
  }
  return url;
}

export function MarkdownView(props: { markdown: string }) {
  const { api } = useConsole();
  const html = useMemo(() => renderMarkdown(props.markdown), [props.markdown]);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const els = box.current?.querySelectorAll<HTMLImageElement | HTMLAudioElement | HTMLSourceElement>('img[src^="/media/"], audio[src^="/media/"], source[src^="/media/"]') ?? [];
    for (const el of els) {
      const src = el.getAttribute('src')!;
      mediaBlobUrl(api, src).then((u) => el.setAttribute('src', u), () => undefined);
    }
  }, [html, api]);
  return <div ref={box} class="cc-markdown markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
