/**
 * An image full screen — a lesson's picture, the pupil's own photo — to read the small print.
 * It opens whole (fitted to the screen); two fingers pinch it bigger or smaller around the
 * point between them, one finger (or the mouse) moves it, « + » / « − » (buttons and keys)
 * zoom around the middle, up to 4×; the arrow keys scroll it. Only the picture zooms: the
 * buttons stay where they are and the page behind is untouched when it closes (the browser's
 * own pinch would zoom the whole page and leave it zoomed). Turning the tablet keeps the
 * middle of what was shown in the middle. Escape or « Fermer » closes and the
 * focus goes back to what opened it. Its alt text is the image's own description.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useModalFocus } from './use-modal-focus.ts';
import { MAX_ZOOM, MIN_ZOOM, clampZoom, pictureFraction, scrollKeeping, stepZoom, zoomedSize, type Size } from './zoom-view.ts';
import { t } from '../../i18n/i18n.ts';
import '../../i18n/work-messages.ts'; // its words travel with the work screens

type Point = { x: number; y: number };

/** `overlay`: drawn over the picture at its size and place (the teacher's annotations on a returned photo). */
export function ImageViewer({ src, alt, onClose, overlay }: { src: string; alt: string; onClose(): void; overlay?: ComponentChildren }) {
  const [zoom, setZoom] = useState(1);
  /** The zoom asked for last (ahead of the render: two quick « + » go two steps). */
  const zoomNow = useRef(zoom);
  const [natural, setNatural] = useState<Size | null>(null);
  const [box, setBox] = useState<Size>({ width: 0, height: 0 });
  const layer = useModalFocus<HTMLDivElement>(onClose);
  const stage = useRef<HTMLDivElement>(null);
  const img = useRef<HTMLImageElement>(null);
  /** After a zoom: the picture's point to keep under this point of the stage. */
  const keep = useRef<{ fraction: Point; at: Point } | null>(null);
  const fingers = useRef<{ down: Map<number, Point>; pan?: { from: Point; left: number; top: number }; pinch?: { dist: number; zoom: number; fraction: Point | null } }>({ down: new Map() });
  const size = natural ? zoomedSize(natural, box, zoom) : null;

  useLayoutEffect(() => {
    const el = stage.current;
    if (!el) return;
    const measure = () => setBox({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    // A picture already in the memory cache may have loaded before its listener.
    const i = img.current;
    if (i?.complete && i.naturalWidth) setNatural({ width: i.naturalWidth, height: i.naturalHeight });
    return () => ro.disconnect();
  }, []);

  /** `at` (client px; default the middle of the screen) as a point of the stage's view, and the picture's point under it. */
  const under = (at?: Point): { fraction: Point; at: Point } | null => {
    const el = stage.current;
    if (!el || !size) return null;
    const r = el.getBoundingClientRect();
    const view = at ? { x: at.x - r.left - el.clientLeft, y: at.y - r.top - el.clientTop } : { x: el.clientWidth / 2, y: el.clientHeight / 2 };
    return { fraction: pictureFraction(view, { left: el.scrollLeft, top: el.scrollTop }, box, size), at: view };
  };

  /**
   * Zooms to `next`, keeping the picture's point under `at` where it is — or, during a pinch,
   * bringing the point that was between the fingers when they landed (`fraction`) back under
   * them: while the picture is narrower than the screen it stays centred, and once it is wider
   * that point catches up with the fingers instead of drifting away.
   */
  const zoomTo = (next: number, at?: Point, fraction?: Point | null) => {
    const z = clampZoom(next);
    if (z === zoomNow.current) return;
    const u = under(at);
    if (u) keep.current = { fraction: fraction ?? u.fraction, at: u.at };
    zoomNow.current = z;
    setZoom(z);
  };

  /** The picture's point in the middle of the screen, as last seen: kept there when the tablet turns. */
  const centre = useRef<Point | null>(null);
  const shown = useRef({ box, size });
  shown.current = { box, size };
  const noteCentre = () => {
    const el = stage.current;
    const { box: b, size: s } = shown.current;
    // A turn not measured yet (the browser may clamp the scroll first), or a passing layout with no
    // room for the picture (the stage measured 1×0 while the screen turns): keep the point seen before it.
    if (!el || !s?.width || el.clientWidth !== b.width || el.clientHeight !== b.height) return;
    centre.current = pictureFraction({ x: b.width / 2, y: b.height / 2 }, { left: el.scrollLeft, top: el.scrollTop }, b, s);
  };

  // After a zoom: the point under the fingers (or the middle) stays put. After a turn of the
  // tablet: the point that was in the middle of the screen is in the middle again.
  const laidOut = useRef<Size>(box);
  useLayoutEffect(() => {
    const el = stage.current;
    const turned = laidOut.current.width !== box.width || laidOut.current.height !== box.height;
    laidOut.current = box;
    if (!el || !size) return;
    const k = keep.current ?? (turned && centre.current ? { fraction: centre.current, at: { x: box.width / 2, y: box.height / 2 } } : null);
    keep.current = null;
    if (k) {
      const s = scrollKeeping(k.fraction, k.at, box, size);
      el.scrollLeft = s.left;
      el.scrollTop = s.top;
    }
    noteCentre();
  }, [zoom, box.width, box.height, size?.width, size?.height]);

  // « + » and « − » from the keyboard, wherever the focus is inside the viewer. Registered once;
  // it calls this render's zoomTo (a listener from an earlier render would step from an old zoom).
  const latest = useRef(zoomTo);
  latest.current = zoomTo;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '+' || e.key === '=') latest.current(stepZoom(zoomNow.current, 1));
      else if (e.key === '-' || e.key === '_') latest.current(stepZoom(zoomNow.current, -1));
    };
    const win = layer.current?.ownerDocument.defaultView ?? window; // the console's preview: the frame's window
    win.addEventListener('keydown', onKey);
    return () => win.removeEventListener('keydown', onKey);
  }, []);

  const startPan = (at: Point) => {
    const el = stage.current!;
    fingers.current.pan = { from: at, left: el.scrollLeft, top: el.scrollTop };
  };
  const onPointerDown = (e: PointerEvent) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    const f = fingers.current;
    // The first finger of a new touch: forget fingers whose lifting never arrived (a lost pointerup would turn a move into a pinch).
    if (e.isPrimary) {
      f.down.clear();
      f.pinch = undefined;
    }
    f.down.set(e.pointerId, { x: e.clientX, y: e.clientY });
    stage.current?.setPointerCapture?.(e.pointerId);
    const pts = [...f.down.values()];
    if (pts.length === 1) startPan(pts[0]!);
    if (pts.length === 2) {
      f.pan = undefined;
      const middle = { x: (pts[0]!.x + pts[1]!.x) / 2, y: (pts[0]!.y + pts[1]!.y) / 2 };
      f.pinch = { dist: Math.hypot(pts[0]!.x - pts[1]!.x, pts[0]!.y - pts[1]!.y) || 1, zoom: zoomNow.current, fraction: under(middle)?.fraction ?? null };
    }
  };
  const onPointerMove = (e: PointerEvent) => {
    const f = fingers.current;
    if (!f.down.has(e.pointerId)) return;
    f.down.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const pts = [...f.down.values()];
    const el = stage.current!;
    if (f.pinch && pts.length === 2) {
      const dist = Math.hypot(pts[0]!.x - pts[1]!.x, pts[0]!.y - pts[1]!.y);
      zoomTo(f.pinch.zoom * (dist / f.pinch.dist), { x: (pts[0]!.x + pts[1]!.x) / 2, y: (pts[0]!.y + pts[1]!.y) / 2 }, f.pinch.fraction);
    } else if (f.pan) {
      el.scrollLeft = f.pan.left - (e.clientX - f.pan.from.x);
      el.scrollTop = f.pan.top - (e.clientY - f.pan.from.y);
    }
  };
  const onPointerUp = (e: PointerEvent) => {
    const f = fingers.current;
    f.down.delete(e.pointerId);
    if (f.down.size < 2) f.pinch = undefined;
    // One finger left after a pinch: it moves the picture from where it is now (no jump).
    const rest = [...f.down.values()];
    if (rest.length === 1) startPan(rest[0]!);
    else if (rest.length === 0) f.pan = undefined;
  };

  const name = alt || t('image.viewer');
  return (
    <div class="image-viewer" role="dialog" aria-modal="true" aria-label={name} ref={layer}>
      <div class="image-viewer-bar">
        <button type="button" onClick={() => zoomTo(stepZoom(zoomNow.current, -1))} disabled={zoom <= MIN_ZOOM} aria-label={t('image.zoomOut')} aria-keyshortcuts="-">−</button>
        <button type="button" onClick={() => zoomTo(stepZoom(zoomNow.current, 1))} disabled={zoom >= MAX_ZOOM} aria-label={t('image.zoomIn')} aria-keyshortcuts="+">+</button>
        <button type="button" class="primary" onClick={onClose}>{t('image.close')}</button>
      </div>
      <div
        class="image-viewer-stage"
        ref={stage}
        tabIndex={0}
        role="region"
        aria-label={name}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onScroll={noteCentre}
      >
        <span class={`image-viewer-frame${size ? '' : ' measuring'}`} style={size ? { width: `${size.width}px`, height: `${size.height}px` } : undefined}>
          <img
            ref={img}
            src={src}
            alt={alt}
            draggable={false}
            data-zoom={String(Math.round(zoom * 100) / 100)}
            onLoad={(e) => setNatural({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
          />
          {overlay}
        </span>
      </div>
    </div>
  );
}
