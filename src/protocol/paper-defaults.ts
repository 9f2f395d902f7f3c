/**
 * The paper pack's default answer areas (issue 15), shared by the server's layout
 * (server/paper/pack-layout.ts) and the console's editor hint. No imports: the console
 * reads these without pulling schema code into its chunk.
 */

/** Height (mm) of the writing lines or frame of each kind when the teacher has not sized it. */
export const PAPER_DEFAULT_MM = { text: 54, short: 18, audio: 45, photo: 90 } as const;
/** The kinds whose area the teacher sizes (« hauteur du cadre »). */
export type SizedKind = keyof typeof PAPER_DEFAULT_MM;
export const isSizedKind = (k: string): k is SizedKind => k in PAPER_DEFAULT_MM;
/** Bounds of `Question.paperFrameMm` (the protocol's schema says the same). */
export const PAPER_FRAME_MIN_MM = 15;
export const PAPER_FRAME_MAX_MM = 220;
