/**
 * Paper homework coming back (issue 15): the returned pages the console sends (read in its
 * scan worker), the tray of pages whose code could not be read, and the boxes read on them
 * that the teacher confirms on the marking desk. TypeBox schemas (the server validates),
 * types for the console.
 */
import { Type, type Static } from 'typebox';
import { Id, Instant } from './entities.ts';
import type { TickBox } from './paper-sheet.ts';

export { encodeBoxes, decodeBoxes } from './paper-sheet.ts';

/** What was printed for one pupil: per page, the boxes to tick and the questions answered on it. */
export interface PackLayout { pages: { ticks: TickBox[]; answers: string[] }[] }

/** A box as read: by the reader on the photo, or as the teacher confirmed it. `unread`: the page came without a reading (the tray). */
export const BoxState = Type.Union([Type.Literal('ticked'), Type.Literal('empty'), Type.Literal('unsure'), Type.Literal('unread')]);
export type BoxState = Static<typeof BoxState>;
export const PaperBox = Type.Object({
  questionId: Id,
  choiceId: Id,
  state: BoxState,
  by: Type.Union([Type.Literal('reader'), Type.Literal('teacher')]),
});
export type PaperBox = Static<typeof PaperBox>;

/** The pack code of a QR payload (base32, 16 characters). */
export const PackCode = Type.String({ pattern: '^[A-Z2-7]{16}$' });

/**
 * `POST /api/assignments/:id/paper-returns` query (the body is the page's JPEG/PNG/WebP):
 * the code and page read from its QR code (absent: unread, to the tray), the layout version
 * it was printed from, and the boxes read as `questionId.choiceId.state~…` (state t, e or u).
 */
export const PaperReturnQuery = Type.Object({
  code: Type.Optional(PackCode),
  /** A query carries text: digits (the server does not coerce types). */
  page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })),
  layoutVersion: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })),
  boxes: Type.Optional(Type.String({ maxLength: 8000, pattern: '^([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[teu])(~[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[teu])*$' })),
}, { additionalProperties: false });
export type PaperReturnQuery = Static<typeof PaperReturnQuery>;

/** What became of one returned page. */
export const PaperReturnOutcome = Type.Object({
  /** attached: the pupil's work has it; duplicate: that page was already received (kept once); tray: waiting to be assigned; letter: the family's letter, not kept. */
  outcome: Type.Union([Type.Literal('attached'), Type.Literal('duplicate'), Type.Literal('tray'), Type.Literal('letter')]),
  pageId: Type.Union([Id, Type.Null()]),
  studentId: Type.Union([Id, Type.Null()]),
  page: Type.Union([Type.Integer(), Type.Null()]),
  /** Boxes on the page the reader could not tell (shown to the teacher, never guessed). */
  unsure: Type.Integer({ minimum: 0 }),
});
export type PaperReturnOutcome = Static<typeof PaperReturnOutcome>;

/** One returned page as the paper screen lists it. */
export const ReturnedPage = Type.Object({
  id: Id,
  studentId: Type.Union([Id, Type.Null()]),
  page: Type.Union([Type.Integer(), Type.Null()]),
  receivedAt: Instant,
  unsure: Type.Integer({ minimum: 0 }),
  /** The picture (tray pages: to recognise the pupil by hand). */
  url: Type.String(),
});
export type ReturnedPage = Static<typeof ReturnedPage>;

/** `GET /api/assignments/:id/paper-returns`: what the console needs to read and sort the sheets. */
export const PaperReturnsView = Type.Object({
  /** The boxes of each page of each printed pack, by pack code: `layouts[code][page - 1]`. */
  layouts: Type.Record(Type.String(), Type.Array(Type.Array(Type.Object({ questionId: Id, choiceId: Id, x: Type.Number(), y: Type.Number(), size: Type.Number() })))),
  /** How many pages each pupil's pack has (the tray's page choice). */
  packPages: Type.Record(Type.String(), Type.Integer()),
  received: Type.Array(ReturnedPage),
  tray: Type.Array(ReturnedPage),
});
export type PaperReturnsView = Static<typeof PaperReturnsView>;

/** `POST /api/assignments/:id/paper-returns/:pageId/assign`: the tray page is this pupil's page. */
export const AssignTrayPage = Type.Object({ studentId: Id, page: Type.Integer({ minimum: 1, maximum: 999 }) }, { additionalProperties: false });
export type AssignTrayPage = Static<typeof AssignTrayPage>;

/** One choice question of a paper copy: its boxes as read or confirmed, and whether the teacher must look. */
export const PaperQuestionReading = Type.Object({
  questionId: Id,
  page: Type.Integer(),
  boxes: Type.Array(Type.Object({ choiceId: Id, state: BoxState, by: Type.Union([Type.Literal('reader'), Type.Literal('teacher')]) })),
  /** A box unsure or unread: no automatic mark until the teacher says which boxes are ticked. */
  flagged: Type.Boolean(),
});
export type PaperQuestionReading = Static<typeof PaperQuestionReading>;
export const PaperReadings = Type.Object({ questions: Type.Array(PaperQuestionReading) });
export type PaperReadings = Static<typeof PaperReadings>;

/** `PUT /api/submissions/:id/paper-boxes/:questionId`: the boxes the teacher sees ticked on the page. */
export const ConfirmBoxes = Type.Object({ ticked: Type.Array(Id, { maxItems: 50 }) }, { additionalProperties: false });
export type ConfirmBoxes = Static<typeof ConfirmBoxes>;
