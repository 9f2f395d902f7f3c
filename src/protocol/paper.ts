/**
 * Paper homework by post (issue 15): the pack request and what the follow-up shows of each
 * pupil's pack. TypeBox schemas (the server validates), types for the console.
 */
import { Type, type Static } from 'typebox';
import { Id, Instant } from './entities.ts';

/** The most pupils in one PDF (a class, with room): a bigger pack is several downloads. */
export const MAX_PACK_STUDENTS = 40;

/** POST /api/assignments/:id/paper-pack — the pupils whose pack to print, in the order wanted. */
export const PaperPackRequest = Type.Object({ studentIds: Type.Array(Id, { maxItems: 200 }) }, { additionalProperties: false });
export type PaperPackRequest = Static<typeof PaperPackRequest>;

/** POST /api/assignments/:id/paper-packs/sent — these pupils' packs went out today. */
export const PaperSentRequest = Type.Object({ studentIds: Type.Array(Id, { minItems: 1, maxItems: 200 }) }, { additionalProperties: false });
export type PaperSentRequest = Static<typeof PaperSentRequest>;

/** One pupil's pack: printed, sent (by the teacher's word), received (first sheet back). */
export const PaperPackStatus = Type.Object({
  studentId: Id,
  printedAt: Instant,
  sentAt: Type.Union([Instant, Type.Null()]),
  receivedAt: Type.Union([Instant, Type.Null()]),
  /** The assignment version the pages were laid out from: older than the assignment's, the pack is out of date. */
  layoutVersion: Type.Integer(),
});
export type PaperPackStatus = Static<typeof PaperPackStatus>;
export const PaperPackList = Type.Array(PaperPackStatus);
