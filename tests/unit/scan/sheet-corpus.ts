/**
 * A corpus of generated returned sheets (tests/helpers/returned-sheets.ts) read by the scan
 * worker's logic in Node: the sample pack's pages, ticks drawn at random, photographed or
 * scanned, then located (QR + corner marks) and their boxes read. Shared by the unit test
 * (a few dozen sheets, for CI) and bench/paper-scan-bench.ts (hundreds, full size).
 */
import { readFileSync } from 'node:fs';
import { renderPack } from '../../../server/paper/pack-pdf.ts';
import type { LaidOutPage } from '../../../server/paper/pack-layout.ts';
import { sampleContext } from '../server/paper/pack-sample.ts';
import { renderPdf } from '../../helpers/render-pdf.ts';
import { downscale, drawTicks, photograph, photoOptions, rng, scannerOptions } from '../../helpers/returned-sheets.ts';
import { prepareQrDecoder, zxingDecoder } from '../../../src/scan/worker/qr-zxing.ts';
import { locateSheet, type QrDecoder } from '../../../src/scan/worker/locate-sheet.ts';
import { readTicks } from '../../../src/scan/worker/read-ticks.ts';
import { toGray, type RgbaImage } from '../../../src/scan/worker/gray-image.ts';
import { WORK_LONG_EDGE } from '../../../src/scan/worker/read-sheet.ts';

export const PUPILS = [
  { id: 's1', firstName: 'Anaïs', lastName: 'Fournier', code: 'ABCDEFGHIJKLMNOP' },
  { id: 's2', firstName: 'Inès', lastName: 'Lefèvre-Ødegård', code: 'QRSTUVWXYZ234567' },
];

let prepared = false;
/** zxing-wasm with its bytes from node_modules (never a CDN). */
export function nodeQrDecoder(): QrDecoder {
  if (!prepared) {
    const bytes = readFileSync('node_modules/zxing-wasm/dist/reader/zxing_reader.wasm');
    prepareQrDecoder({ wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
    prepared = true;
  }
  return zxingDecoder;
}

export interface Corpus { dpi: number; pages: { laid: LaidOutPage; image: RgbaImage }[] }

/** The sample pack's pages (those with boxes to tick), rendered at `dpi`. */
export async function corpusPages(dpi: number): Promise<Corpus> {
  const { pdf, pages } = await renderPack(sampleContext(), PUPILS);
  const rendered = await renderPdf(pdf, { dpi });
  return { dpi, pages: pages.map((laid, i) => ({ laid, image: { width: rendered[i]!.width, height: rendered[i]!.height, data: rendered[i]!.rgba } })).filter((p) => p.laid.ticks.length) };
}

export interface SheetOutcome {
  kind: 'photo' | 'scan';
  located: boolean;
  /** The QR code named the right pupil's pack and page. */
  rightPage: boolean;
  boxes: number;
  right: number;
  unsure: number;
  wrong: number;
  /** Time of the reader alone (locate + read), ms. */
  ms: number;
}

/** Sheet number `i`: a page of the corpus with random ticks, photographed (phone `size`) or scanned, then read. */
export async function readGeneratedSheet(c: Corpus, i: number, o: { kind: 'photo' | 'scan'; size: { long: number; short: number }; decode: QrDecoder }): Promise<SheetOutcome> {
  const r = rng(7919 * (i + 1));
  const { laid, image } = c.pages[i % c.pages.length]!;
  const ticked = laid.ticks.filter(() => r() < 0.4);
  const inked = drawTicks(image, c.dpi, ticked, r);
  const shot = await photograph(inked, o.kind === 'scan' ? scannerOptions(r, 150) : photoOptions(r, o.size), r);
  const work = downscale(shot.image, WORK_LONG_EDGE); // what the console's worker does first
  const t0 = performance.now();
  const gray = toGray(work);
  const where = await locateSheet(work, gray, o.decode);
  const read = where ? readTicks(gray, where.h, laid.ticks) : [];
  const ms = performance.now() - t0;
  const out: SheetOutcome = { kind: o.kind, located: !!where, rightPage: !!where && where.code === PUPILS.find((p) => p.id === laid.studentId)!.code && where.page === laid.page, boxes: laid.ticks.length, right: 0, unsure: 0, wrong: 0, ms };
  if (!where) { out.unsure = laid.ticks.length; return out; }
  for (const b of read) {
    const truth = ticked.some((t) => t.questionId === b.questionId && t.choiceId === b.choiceId) ? 'ticked' : 'empty';
    if (b.state === 'unsure') out.unsure++;
    else if (b.state === truth) out.right++;
    else out.wrong++;
  }
  return out;
}
