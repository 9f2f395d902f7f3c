/**
 * A tablet's screen inside the console: a same-origin frame (about:blank) exactly `width` ×
 * `height` CSS pixels, styled by the TABLET's own stylesheet (src/ui/styles.css, nothing of
 * the console's), into which `children` are rendered. Being a real document of its own, the
 * frame gives the tablet's components what a tablet gives them: its viewport (media queries,
 * `vh`, `position: fixed` for the camera and the dialogs), its root font size, its scrolling.
 *
 * The frame's document is written with a doctype (standards mode, as the app's index.html).
 * The stylesheet is adopted (a constructed CSSStyleSheet), not an inline <style>: the server's
 * CSP (style-src 'self') forbids inline styles, and the frame inherits it.
 *
 * The children are rendered with their own `render()` into the frame's body and unmounted when
 * the frame goes: their effects' clean-ups run (the camera and the microphone stop with them).
 */
import { render, type ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import tabletCss from '../styles.css?inline';

export interface TabletFrameProps {
  width: number;
  height: number;
  /** The frame's accessible name (axe: every frame has a title). */
  title: string;
  /** The `lang` of the frame's document (the tablet's language). */
  lang: string;
  /** A few rules added after the tablet's stylesheet (the preview's own). */
  extraCss?: string;
  children: ComponentChildren;
}

export function TabletFrame({ width, height, title, lang, extraCss = '', children }: TabletFrameProps) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [body, setBody] = useState<HTMLElement | null>(null);

  useEffect(() => {
    const doc = frame.current?.contentDocument;
    const win = frame.current?.contentWindow as (Window & typeof globalThis) | null | undefined;
    if (!doc || !win) return;
    // The initial about:blank has no doctype, so it renders in quirks mode (an inline text box
    // then sits differently on its line): written anew with one, it is in standards mode as the app.
    doc.open();
    doc.write('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    doc.close();
    doc.documentElement.lang = lang;
    doc.title = title;
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(`${tabletCss}\n${extraCss}`);
    doc.adoptedStyleSheets = [sheet];
    const meta = doc.createElement('meta');
    meta.setAttribute('name', 'viewport');
    meta.setAttribute('content', 'width=device-width, initial-scale=1');
    doc.head.append(meta);
    // A link in the instructions must not turn the tablet's screen into another page: it opens a tab.
    doc.addEventListener('click', (e) => {
      const link = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!link) return;
      e.preventDefault();
      if (/^https?:/.test(link.href)) open(link.href, '_blank', 'noopener');
    });
    setBody(doc.body);
    return () => {
      render(null, doc.body); // runs the children's clean-ups: media tracks stop, timers end
      setBody(null);
    };
  }, []);

  useEffect(() => {
    const doc = frame.current?.contentDocument;
    if (doc) doc.documentElement.lang = lang;
  }, [lang]);

  // Every render of the frame re-renders its children (they are props like any other).
  useLayoutEffect(() => {
    if (body) render(<>{children}</>, body);
  });

  return <iframe ref={frame} class="cc-tablet-screen-frame" title={title} width={width} height={height} style={{ width: `${width}px`, height: `${height}px` }} />;
}
