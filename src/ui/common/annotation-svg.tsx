/**
 * The teacher's annotation layer drawn over a photo, as SVG (issue 13): the console's viewer
 * (zoomed, rotated) and the tablet's returned work both use it, so the pupil sees what the
 * teacher drew. The marks are in coordinates normalised to the photo (src/protocol/annotations.ts);
 * the viewBox is 1000 wide and as high as the photo's proportions, and `meet` places it exactly
 * where an `object-fit: contain` image is drawn, so the layer scales with the photo wherever it is.
 * Decorative for assistive technology: the words are given beside it (src/ui/assignment/annotation-summary.ts).
 */
import type { JSX } from 'preact';
import { ANNOTATION_SIZES, type AnnotationColour, type AnnotationMark } from '../../protocol/annotations.ts';

/** Pen colours, dark enough to read on white paper and to pass contrast checks as text. */
export const ANNOTATION_INK: Record<AnnotationColour, string> = { red: '#c8102e', green: '#137333', blue: '#0b57d0' };

export const LAYER_WIDTH = 1000;

/** One mark as SVG in a layer `height` units high (LAYER_WIDTH wide). */
export function MarkShape({ mark: m, height }: { mark: AnnotationMark; height: number }): JSX.Element {
  const ink = ANNOTATION_INK[m.colour];
  const stroke = ANNOTATION_SIZES.stroke * LAYER_WIDTH;
  const X = (x: number) => x * LAYER_WIDTH;
  const Y = (y: number) => y * height;
  switch (m.kind) {
    case 'pen': {
      const pts: string[] = [];
      for (let i = 0; i + 1 < m.points.length; i += 2) pts.push(`${X(m.points[i]!).toFixed(1)} ${Y(m.points[i + 1]!).toFixed(1)}`);
      // One point only: a zero-length segment, which round caps draw as a dot.
      const d = pts.length === 1 ? `M${pts[0]} L${pts[0]}` : `M${pts.join(' L')}`;
      return <path d={d} fill="none" stroke={ink} stroke-width={stroke} stroke-linecap="round" stroke-linejoin="round" />;
    }
    case 'circle':
      return <ellipse cx={X(m.cx)} cy={Y(m.cy)} rx={X(m.rx)} ry={Y(m.ry)} fill="none" stroke={ink} stroke-width={stroke * 1.2} />;
    case 'tick': {
      const s = ANNOTATION_SIZES.stamp * LAYER_WIDTH;
      const x = X(m.x);
      const y = Y(m.y);
      return <path d={`M${x - s * 0.5} ${y} L${x - s * 0.15} ${y + s * 0.4} L${x + s * 0.55} ${y - s * 0.5}`} fill="none" stroke={ink} stroke-width={stroke * 2} stroke-linecap="round" stroke-linejoin="round" />;
    }
    case 'cross': {
      const h = (ANNOTATION_SIZES.stamp * LAYER_WIDTH) / 2;
      const x = X(m.x);
      const y = Y(m.y);
      return <path d={`M${x - h} ${y - h} L${x + h} ${y + h} M${x + h} ${y - h} L${x - h} ${y + h}`} fill="none" stroke={ink} stroke-width={stroke * 2} stroke-linecap="round" />;
    }
    case 'text':
      return (
        <text x={X(m.x)} y={Y(m.y)} fill={ink} font-size={ANNOTATION_SIZES.text * LAYER_WIDTH} font-family="system-ui, sans-serif" font-weight="700"
          dominant-baseline="hanging" stroke="#fff" stroke-width={stroke * 1.5} paint-order="stroke" stroke-linejoin="round">
          {m.text}
        </text>
      );
  }
}

export interface AnnotationSvgProps {
  marks: readonly AnnotationMark[];
  /** The photo's height / width (its natural pixels). */
  aspect: number;
  class?: string;
  /** Extra shapes drawn on top (the console's mark being drawn). */
  children?: JSX.Element | null;
}

export function AnnotationSvg({ marks, aspect, class: cls, children }: AnnotationSvgProps) {
  const height = LAYER_WIDTH * aspect;
  return (
    <svg class={cls ?? 'annotation-layer'} viewBox={`0 0 ${LAYER_WIDTH} ${height}`} preserveAspectRatio="xMidYMid meet" aria-hidden="true" focusable="false">
      {marks.map((m, i) => <MarkShape key={i} mark={m} height={height} />)}
      {children}
    </svg>
  );
}
