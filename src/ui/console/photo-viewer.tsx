/**
 * The marking desk's photo viewer (issue 13): the whole page fits by default; zoom in and out
 * (buttons, + / − keys, Ctrl + wheel, two fingers), pan (drag, arrow keys, scrollbars), turn a
 * quarter either way, « Ajuster » back to the whole page. Every part of the page can be reached
 * at every zoom: the scrolled stage is sized to the turned photo (photo-geometry.ts), never a
 * transformed image centred in an overflow box. Zooming keeps the point under the pointer (or
 * the middle of the view) where it was; a turn keeps the middle of the view.
 *
 * `layer` draws over the photo inside its turned box (the annotations); while `drawing`, a drag
 * on the photo is the layer's (it draws) instead of panning.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { clampZoom, fitZoom, layout, stageToPhoto, stepZoom, turnBy, turnFraction, type Size, type Turn } from './photo-geometry.ts';
import { scrollKeeping } from '../common/zoom-view.ts';
import { useConsoleI18n } from './console-i18n.ts';

export interface LayerContext {
  /** The photo's height / width. */
  aspect: number;
  /** A pointer position as a point of the upright photo (0…1); null outside it unless `clamp`. */
  toPhoto(clientX: number, clientY: number, clamp?: boolean): { x: number; y: number } | null;
}

export interface PhotoViewerProps {
  src: string;
  /** « Photo 1 »: the image's name, and in every control's name. */
  label: string;
  drawing?: boolean;
  layer?: (ctx: LayerContext) => JSX.Element | null;
  /** Enter on the photo (keyboard): put the chosen mark at this point, the middle of the view. */
  onPlace?: (at: { x: number; y: number }) => void;
  /** More controls under the view's (the annotation tools). */
  children?: ComponentChildren;
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
/** One arrow key press moves this share of the view. */
const ARROW_STEP = 0.15;

export function PhotoViewer({ src, label, drawing = false, layer, onPlace, children }: PhotoViewerProps) {
  const { t, lang } = useConsoleI18n();
  const boxRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const [natural, setNatural] = useState<Size | null>(null);
  const [box, setBox] = useState<Size>({ width: 0, height: 0 });
  const [turn, setTurn] = useState<Turn>(0);
  const [zoom, setZoom] = useState(1);
  const [fit, setFit] = useState(true);
  /** Where to scroll once the new zoom or turn is laid out: this fraction of the stage under this point of the view. */
  const anchor = useRef<{ fraction: { x: number; y: number }; at: { x: number; y: number } } | null>(null);
  const keysId = useId();
  const gesture = useRef<{ pointers: Map<number, { x: number; y: number }>; pan?: { x: number; y: number; left: number; top: number }; pinch?: { dist: number; zoom: number } }>({ pointers: new Map() });

  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const measure = () => setBox({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const effective = natural ? (fit ? fitZoom(natural, turn, box) : zoom) : 1;
  const geo = natural ? layout(natural, turn, effective) : null;

  /** The stage's point under `at` (client px; default the middle of the view), as fractions of the stage. */
  const fractionAt = (at?: { x: number; y: number }) => {
    const b = boxRef.current!.getBoundingClientRect();
    const s = stageRef.current!.getBoundingClientRect();
    const view = at ? { x: at.x - b.left - boxRef.current!.clientLeft, y: at.y - b.top - boxRef.current!.clientTop } : { x: boxRef.current!.clientWidth / 2, y: boxRef.current!.clientHeight / 2 };
    const client = { x: b.left + boxRef.current!.clientLeft + view.x, y: b.top + boxRef.current!.clientTop + view.y };
    return { fraction: { x: clamp01((client.x - s.left) / s.width), y: clamp01((client.y - s.top) / s.height) }, at: view };
  };

  const zoomTo = (next: number, at?: { x: number; y: number }) => {
    if (!natural || !boxRef.current || !stageRef.current) return;
    anchor.current = fractionAt(at);
    setFit(false);
    setZoom(clampZoom(next));
  };
  const rotate = (by: 90 | -90) => {
    if (natural && boxRef.current && stageRef.current) {
      const a = fractionAt();
      anchor.current = { fraction: turnFraction(a.fraction, by), at: a.at };
      if (!fit) setZoom(effective);
    }
    setTurn((r) => turnBy(r, by));
  };
  const fitPage = () => {
    anchor.current = null;
    setFit(true);
  };

  useLayoutEffect(() => {
    const a = anchor.current;
    const el = boxRef.current;
    if (!a || !el || !geo) return;
    anchor.current = null;
    const s = scrollKeeping(a.fraction, a.at, { width: el.clientWidth, height: el.clientHeight }, geo.stage);
    el.scrollLeft = s.left;
    el.scrollTop = s.top;
  }, [effective, turn, natural]);

  // Ctrl + wheel (and a trackpad's pinch, which Chromium sends as one) zooms at the pointer; a plain wheel scrolls.
  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey) return;
      e.preventDefault();
      zoomTo(effective * Math.exp(-e.deltaY * 0.002), { x: e.clientX, y: e.clientY });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  });

  const toPhoto: LayerContext['toPhoto'] = (clientX, clientY, clamp = false) => {
    const s = stageRef.current?.getBoundingClientRect();
    if (!s || !geo) return null;
    let x = clientX - s.left;
    let y = clientY - s.top;
    if (clamp) {
      x = Math.min(s.width, Math.max(0, x));
      y = Math.min(s.height, Math.max(0, y));
    }
    return stageToPhoto(x, y, { width: s.width, height: s.height }, turn);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const el = boxRef.current!;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const move = moves[e.key];
    if (move) el.scrollBy({ left: move[0] * Math.max(40, el.clientWidth * ARROW_STEP), top: move[1] * Math.max(40, el.clientHeight * ARROW_STEP) });
    else if (e.key === '+' || e.key === '=') zoomTo(stepZoom(effective, 1));
    else if (e.key === '-' || e.key === '_') zoomTo(stepZoom(effective, -1));
    else if (e.key === '0') fitPage();
    else if (e.key === 'r') rotate(90);
    else if (e.key === 'R') rotate(-90);
    else if (e.key === 'Enter' && onPlace) {
      const b = el.getBoundingClientRect();
      const at = toPhoto(b.left + el.clientLeft + el.clientWidth / 2, b.top + el.clientTop + el.clientHeight / 2, true);
      if (at) onPlace(at);
    } else return;
    e.preventDefault();
  };

  const onPointerDown = (e: PointerEvent) => {
    if (drawing || e.button !== 0) return;
    const g = gesture.current;
    const el = boxRef.current!;
    g.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    el.setPointerCapture?.(e.pointerId);
    const pts = [...g.pointers.values()];
    if (pts.length === 1) g.pan = { x: e.clientX, y: e.clientY, left: el.scrollLeft, top: el.scrollTop };
    if (pts.length === 2) {
      g.pan = undefined;
      g.pinch = { dist: Math.hypot(pts[0]!.x - pts[1]!.x, pts[0]!.y - pts[1]!.y) || 1, zoom: effective };
    }
  };
  const onPointerMove = (e: PointerEvent) => {
    const g = gesture.current;
    if (!g.pointers.has(e.pointerId)) return;
    g.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const el = boxRef.current!;
    const pts = [...g.pointers.values()];
    if (g.pinch && pts.length === 2) {
      const dist = Math.hypot(pts[0]!.x - pts[1]!.x, pts[0]!.y - pts[1]!.y);
      zoomTo(g.pinch.zoom * (dist / g.pinch.dist), { x: (pts[0]!.x + pts[1]!.x) / 2, y: (pts[0]!.y + pts[1]!.y) / 2 });
    } else if (g.pan) {
      el.scrollLeft = g.pan.left - (e.clientX - g.pan.x);
      el.scrollTop = g.pan.top - (e.clientY - g.pan.y);
    }
  };
  const onPointerUp = (e: PointerEvent) => {
    const g = gesture.current;
    g.pointers.delete(e.pointerId);
    if (g.pointers.size < 2) g.pinch = undefined;
    if (g.pointers.size === 0) g.pan = undefined;
  };

  const percent = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { style: 'percent', maximumFractionDigits: 0 }).format(effective);
  const name = (key: Parameters<typeof t>[0]) => `${t(key)} — ${label}`;
  return (
    <div class="cc-photo-viewer">
      <div class="cc-actions cc-photo-tools" role="group" aria-label={t('viewer.view', { label })}>
        <button type="button" onClick={() => zoomTo(stepZoom(effective, -1))} aria-label={name('viewer.zoomOut')} aria-keyshortcuts="-">−</button>
        <span class="cc-zoom-level" role="status">{t('viewer.zoomLevel', { percent })}</span>
        <button type="button" onClick={() => zoomTo(stepZoom(effective, 1))} aria-label={name('viewer.zoomIn')} aria-keyshortcuts="+">+</button>
        <button type="button" onClick={fitPage} aria-pressed={fit} aria-label={name('viewer.fitLabel')} aria-keyshortcuts="0">{t('viewer.fit')}</button>
        <button type="button" onClick={() => rotate(-90)} aria-label={name('viewer.rotateLeft')} aria-keyshortcuts="Shift+R">⟲</button>
        <button type="button" onClick={() => rotate(90)} aria-label={name('viewer.rotateRight')} aria-keyshortcuts="R">⟳</button>
      </div>
      {children}
      <div
        ref={boxRef}
        class={`cc-photo-box${drawing ? ' cc-drawing' : ''}`}
        tabIndex={0}
        role="region"
        aria-label={label}
        aria-describedby={keysId}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      >
        <div ref={stageRef} class="cc-photo-stage" style={geo ? { width: `${geo.stage.width}px`, height: `${geo.stage.height}px` } : undefined}>
          <div
            class="cc-photo-turned"
            style={geo ? { width: `${geo.photo.width}px`, height: `${geo.photo.height}px`, left: `${geo.photo.left}px`, top: `${geo.photo.top}px`, transform: `rotate(${turn}deg)` } : undefined}
          >
            <img
              src={src}
              alt={label}
              class="cc-photo"
              draggable={false}
              data-zoom={String(Math.round(effective * 10000) / 10000)}
              data-turn={turn}
              data-fit={fit}
              onLoad={(e) => setNatural({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
            />
            {natural && layer?.({ aspect: natural.height / natural.width, toPhoto })}
          </div>
        </div>
      </div>
      <p id={keysId} class="cc-hint">{t('viewer.keys')}</p>
    </div>
  );
}
