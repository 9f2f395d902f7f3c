/**
 * `npm run bench:paper` — the reader of returned paper sheets (issue 15) on generated sheets:
 * the sample pack's pages with random ticks (crosses and ticks, black or blue biro, of varied
 * size, off-centre), photographed (turned ±6°, 10 % sideways, 10 % upside down, perspective up
 * to 6 %, uneven light, sensor noise, blur, JPEG q70–92) or scanned (copier: 150 dpi, ±1.5°).
 * Photos are made at PHOTO_LONG px (default 2400, the size the console's worker reads any
 * photo at; FULL=1 makes them at a phone camera's 4032×3024 and scales them down as the
 * worker does). Prints: pages found at their pupil and page, boxes right / flagged / wrong,
 * the reader's time per sheet, and with JSQR=1 jsQR's decode rate on the same images (the
 * decoder we did not choose). Writes bench/results/paper-scan.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import jsQR from 'jsqr';
import { corpusPages, nodeQrDecoder, readGeneratedSheet, type SheetOutcome } from '../tests/unit/scan/sheet-corpus.ts';
import type { QrDecoder } from '../src/scan/worker/locate-sheet.ts';

const PHOTOS = Number(process.env.PHOTOS ?? 200);
const SCANS = Number(process.env.SCANS ?? 40);
const FULL = process.env.FULL === '1';
const LONG = FULL ? 4032 : Number(process.env.PHOTO_LONG ?? 2400);
const SHORT = Math.round((LONG * 3) / 4);

const corpus = await corpusPages(200);
const zxing = nodeQrDecoder();
let jsqrHits = 0;
let jsqrTried = 0;
let jsqrMs = 0;
/** zxing reads; jsQR is tried on the same pixels for the record. */
const JSQR = process.env.JSQR === '1';
const decode: QrDecoder = async (img) => {
  if (!JSQR) return zxing(img);
  const t = performance.now();
  const j = jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength), img.width, img.height);
  jsqrMs += performance.now() - t;
  jsqrTried++;
  if (j?.data.startsWith('C1.')) jsqrHits++;
  return zxing(img);
};

const out: SheetOutcome[] = [];
const t0 = Date.now();
for (let i = 0; i < PHOTOS + SCANS; i++) {
  const kind = i < PHOTOS ? 'photo' : 'scan';
  out.push(await readGeneratedSheet(corpus, i, { kind, size: { long: LONG, short: SHORT }, decode }));
  if ((i + 1) % 20 === 0) console.log(`${i + 1}/${PHOTOS + SCANS} sheets… ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
const rows = (['photo', 'scan'] as const).map((kind) => {
  const o = out.filter((x) => x.kind === kind);
  const sum = (k: 'boxes' | 'right' | 'unsure' | 'wrong') => o.reduce((s, x) => s + x[k], 0);
  const ms = o.map((x) => x.ms).sort((a, b) => a - b);
  return {
    kind, sheets: o.length, pagesRight: o.filter((x) => x.rightPage).length, boxes: sum('boxes'), right: sum('right'), flagged: sum('unsure'), wrong: sum('wrong'),
    accuracy: sum('boxes') ? sum('right') / sum('boxes') : 1, readerMsMedian: ms[Math.floor(ms.length / 2)] ?? 0, readerMsP95: ms[Math.floor(ms.length * 0.95)] ?? 0,
  };
});
const all = { boxes: rows.reduce((s, r) => s + r.boxes, 0), right: rows.reduce((s, r) => s + r.right, 0), flagged: rows.reduce((s, r) => s + r.flagged, 0), wrong: rows.reduce((s, r) => s + r.wrong, 0) };
console.log(`\nReturned sheets read: ${PHOTOS} photos at ${LONG}×${SHORT}${FULL ? ' (scaled to 2400 px as the worker does)' : ''}, ${SCANS} copier scans — load average ${loadavg()[0]!.toFixed(1)}, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
console.log('| sheets | pupil+page right | boxes | read right | flagged unsure | wrong | reader median / p95 |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.sheets} ${r.kind}s | ${r.pagesRight}/${r.sheets} | ${r.boxes} | ${r.right} (${(r.accuracy * 100).toFixed(2)} %) | ${r.flagged} | ${r.wrong} | ${r.readerMsMedian.toFixed(0)} / ${r.readerMsP95.toFixed(0)} ms |`);
console.log(`| all | ${out.filter((x) => x.rightPage).length}/${out.length} | ${all.boxes} | ${all.right} (${((all.right / all.boxes) * 100).toFixed(2)} %) | ${all.flagged} | ${all.wrong} | |`);
if (JSQR) console.log(`\njsQR on the same ${jsqrTried} images: ${jsqrHits} decoded (${((jsqrHits / jsqrTried) * 100).toFixed(1)} %), ${(jsqrMs / jsqrTried).toFixed(0)} ms each; zxing-wasm: ${out.filter((x) => x.located).length} (${((out.filter((x) => x.located).length / out.length) * 100).toFixed(1)} %).`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/paper-scan.json', JSON.stringify({ at: new Date().toISOString(), photoSize: [LONG, SHORT], full: FULL, rows, all, jsqr: { tried: jsqrTried, decoded: jsqrHits } }, null, 2));
