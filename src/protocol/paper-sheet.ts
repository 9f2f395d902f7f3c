/**
 * The geometry every printed paper sheet shares (issue 15), known to the server that lays
 * the pages out (server/paper/pack-layout.ts) and to the console's worker that reads them
 * back (src/scan/worker/): the page, the printable area, the three corner marks, the QR code
 * and what it says. Millimetres from the page's top-left corner. No imports: any thread.
 */

/** A4 portrait (mm). */
export const PAGE = { width: 210, height: 297 } as const;
/** Nothing is drawn closer than this to an edge (mm): what office printers and copiers keep. */
export const SAFE = 10;
/** The corner marks: solid squares of MARK mm, their outer corner on the printable area's corners. */
export const MARK = 6;
/** The QR code's side (mm), in the bottom-right corner of the printable area (symbol only, no quiet zone). */
export const QR_SIZE = 22;

/** The printable area every mark stays inside (mm). */
export const PRINTABLE = { x: SAFE, y: SAFE, w: PAGE.width - 2 * SAFE, h: PAGE.height - 2 * SAFE } as const;

export interface Point { x: number; y: number }

/** Top-left corner of each corner mark (top-left, top-right, bottom-left). */
export const CORNER_MARKS: readonly Point[] = [
  { x: SAFE, y: SAFE },
  { x: PAGE.width - SAFE - MARK, y: SAFE },
  { x: SAFE, y: PAGE.height - SAFE - MARK },
];

/** The QR symbol's top-left corner on the page. */
export const QR_AT: Point = { x: PAGE.width - SAFE - QR_SIZE, y: PAGE.height - SAFE - QR_SIZE };

/** The QR symbol's corners in its own reading order: top-left, top-right, bottom-right, bottom-left. */
export const QR_CORNERS: readonly Point[] = [
  { x: QR_AT.x, y: QR_AT.y },
  { x: QR_AT.x + QR_SIZE, y: QR_AT.y },
  { x: QR_AT.x + QR_SIZE, y: QR_AT.y + QR_SIZE },
  { x: QR_AT.x, y: QR_AT.y + QR_SIZE },
];

/** A box to tick, where it is printed: read back on a returned sheet. */
export interface TickBox { questionId: string; choiceId: string; x: number; y: number; size: number }

/** The payload of a page's QR code: short, in the QR alphanumeric set (a smaller code, easier to read). */
export const qrPayload = (code: string, page: number, layoutVersion: number) => `C1.${code}.${page}.${layoutVersion}`;

/** `C1.<code>.<page>.<layoutVersion>` read back (null: not one of ours). */
export function parseQrPayload(s: string): { code: string; page: number; layoutVersion: number } | null {
  const m = /^C1\.([A-Z2-7]{16})\.(\d{1,3})\.(\d{1,6})$/.exec(s.trim());
  return m ? { code: m[1]!, page: Number(m[2]), layoutVersion: Number(m[3]) } : null;
}

/** The boxes of a page as the upload's query carries them (`questionId.choiceId.t|e|u` joined by `~`). */
export function encodeBoxes(boxes: readonly { questionId: string; choiceId: string; state: 'ticked' | 'empty' | 'unsure' }[]): string {
  return boxes.map((b) => `${b.questionId}.${b.choiceId}.${b.state[0]}`).join('~');
}
export function decodeBoxes(s: string): { questionId: string; choiceId: string; state: 'ticked' | 'empty' | 'unsure' }[] {
  const states = { t: 'ticked', e: 'empty', u: 'unsure' } as const;
  return s.split('~').filter(Boolean).map((part) => {
    const [questionId, choiceId, st] = part.split('.') as [string, string, 't' | 'e' | 'u'];
    return { questionId, choiceId, state: states[st] };
  });
}
