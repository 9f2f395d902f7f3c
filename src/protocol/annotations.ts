/**
 * The teacher's annotations on a pupil's photo (issue 13): a LAYER of vector marks over the
 * photo, never a change to its bytes. Coordinates are normalised to the upright photo
 * (x: 0 left → 1 right, y: 0 top → 1 bottom), so the layer scales with the photo wherever
 * it is drawn (the console's zoomed and rotated viewer, the tablet's thumbnail). Sizes of
 * stamps, text and strokes are fractions of the photo's width (see ANNOTATION_SIZES).
 *
 * TypeBox schemas: the server validates with them; the apps import the derived types only.
 * Kept apart from entities.ts (which imports it) so that neither imports the other's values
 * in a cycle.
 */
import { Type, type Static } from 'typebox';

/** The same shape as entities.ts `Id` (defined here too: entities.ts imports this module). */
const AttachmentId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

/** Three pen colours, like a teacher's pens: red (default), green, blue. */
export const AnnotationColour = Type.Union([Type.Literal('red'), Type.Literal('green'), Type.Literal('blue')]);
export type AnnotationColour = Static<typeof AnnotationColour>;

/** The longest text mark (« Revois la retenue », not a paragraph: that is the comment's job). */
export const MAX_ANNOTATION_TEXT = 140;

const Unit = Type.Number({ minimum: 0, maximum: 1 });

/** A free-hand stroke: x0, y0, x1, y1, … (at least one point). */
export const PenMark = Type.Object({
  kind: Type.Literal('pen'),
  colour: AnnotationColour,
  points: Type.Array(Unit, { minItems: 2, maxItems: 4000 }),
}, { additionalProperties: false });

/** An ellipse around something: centre and radii (in photo widths / heights). */
export const CircleMark = Type.Object({
  kind: Type.Literal('circle'),
  colour: AnnotationColour,
  cx: Unit, cy: Unit, rx: Unit, ry: Unit,
}, { additionalProperties: false });

/** A tick ✓ or a cross ✗ stamped at a point (its centre). */
export const StampMark = Type.Object({
  kind: Type.Union([Type.Literal('tick'), Type.Literal('cross')]),
  colour: AnnotationColour,
  x: Unit, y: Unit,
}, { additionalProperties: false });

/** A short text whose top-left corner is at the point. */
export const TextMark = Type.Object({
  kind: Type.Literal('text'),
  colour: AnnotationColour,
  x: Unit, y: Unit,
  text: Type.String({ minLength: 1, maxLength: MAX_ANNOTATION_TEXT }),
}, { additionalProperties: false });

export const AnnotationMark = Type.Union([PenMark, CircleMark, StampMark, TextMark]);
export type AnnotationMark = Static<typeof AnnotationMark>;
export type AnnotationKind = AnnotationMark['kind'];

/** At most this many marks on one photo (a page full of ticks is ~60). */
export const MAX_MARKS = 200;
/** At most this many pen coordinates on one photo, all strokes together (~50 KB of JSON). */
export const MAX_PEN_COORDINATES = 12000;

export const AnnotationMarks = Type.Array(AnnotationMark, { maxItems: MAX_MARKS });

/** `PUT /api/submissions/:id/attachments/:attachmentId/annotations`: the whole layer (an empty list erases it). */
export const SaveAnnotationsRequest = Type.Object({ marks: AnnotationMarks }, { additionalProperties: false });
export type SaveAnnotationsRequest = Static<typeof SaveAnnotationsRequest>;

export const AnnotationsParams = Type.Object({ id: AttachmentId, attachmentId: AttachmentId });
export type AnnotationsParams = Static<typeof AnnotationsParams>;

/**
 * One photo's layer. On the tablet (inside the returned Feedback): what was returned. In the
 * console: the teacher's current layer, and `returned` whether the pupil has exactly this one.
 */
export const PhotoAnnotations = Type.Object({
  attachmentId: AttachmentId,
  marks: AnnotationMarks,
  updatedAt: Type.String({ minLength: 20, maxLength: 30 }),
  /** Console only: the pupil's tablet has this layer (false: changed since the return, or never returned). */
  returned: Type.Optional(Type.Boolean()),
});
export type PhotoAnnotations = Static<typeof PhotoAnnotations>;

/** Sizes in fractions of the photo's width: stamps, text, strokes. */
export const ANNOTATION_SIZES = { stamp: 0.045, text: 0.03, stroke: 0.004 } as const;

/** What the schema cannot say: pen coordinates come in pairs, and all strokes together stay small. */
export function annotationProblem(marks: readonly AnnotationMark[]): 'annotation_invalid' | 'annotations_too_large' | null {
  let coordinates = 0;
  for (const m of marks) {
    if (m.kind !== 'pen') continue;
    if (m.points.length % 2 !== 0) return 'annotation_invalid';
    coordinates += m.points.length;
  }
  return coordinates > MAX_PEN_COORDINATES ? 'annotations_too_large' : null;
}
