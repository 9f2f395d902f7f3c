/**
 * "Returned sheets" made from rendered pack pages, as a teacher would get them back: ticks
 * drawn by a pupil's pen in chosen boxes (crosses and ticks, black or blue, of varied size,
 * slightly off-centre, some past the box), then the sheet photographed — set on a table,
 * turned a few degrees, in perspective, under uneven light, with sensor noise and a little
 * blur, at a phone camera's size, and through JPEG — or scanned (a copier: straight, grey
 * level noise, JPEG). Seeded: the same seed gives the same sheet.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { TickBox } from '../../src/protocol/paper-sheet.ts';
import { seededRandom } from './fault-proxy.ts';
import { invert, solveHomography } from '../../src/scan/worker/homography.ts';
import type { RgbaImage } from '../../src/scan/worker/gray-image.ts';

/** A small seeded generator (mulberry32): the fault proxy's, so a sheet can be drawn again. */
export const rng = seededRandom;

const between = (r: () => number, a: number, b: number) => a + (b - a) * r();

/** The page with pen marks drawn in `ticked` boxes (page at `dpi`). */
export function drawTicks(page: RgbaImage, dpi: number, ticked: readonly TickBox[], r: () => number): RgbaImage {
  const canvas = createCanvas(page.width, page.height);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(page.width, page.height);
  img.data.set(page.data);
  ctx.putImageData(img, 0, 0);
  const k = dpi / 25.4;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const b of ticked) {
    ctx.strokeStyle = r() < 0.5 ? '#14171c' : '#1f3a93';
    ctx.lineWidth = between(r, 0.35, 0.75) * k;
    const s = b.size * between(r, 0.65, 1.25);
    const cx = (b.x + b.size / 2 + between(r, -0.7, 0.7)) * k;
    const cy = (b.y + b.size / 2 + between(r, -0.7, 0.7)) * k;
    const h = (s / 2) * k;
    ctx.beginPath();
    if (r() < 0.6) { // a cross
      ctx.moveTo(cx - h, cy - h * between(r, 0.8, 1.1));
      ctx.lineTo(cx + h, cy + h * between(r, 0.8, 1.1));
      ctx.moveTo(cx + h * between(r, 0.8, 1.1), cy - h);
      ctx.lineTo(cx - h * between(r, 0.8, 1.1), cy + h);
    } else { // a tick ✓
      ctx.moveTo(cx - h * 0.8, cy);
      ctx.lineTo(cx - h * 0.2, cy + h * 0.7);
      ctx.lineTo(cx + h * 0.9, cy - h * between(r, 0.8, 1.2));
    }
    ctx.stroke();
  }
  const out = ctx.getImageData(0, 0, page.width, page.height);
  return { width: out.width, height: out.height, data: out.data };
}

export interface ShotOptions {
  /** The photo's size (px): a phone's 4032×3024 or smaller for speed. */
  width: number;
  height: number;
  /** Turn of the sheet (degrees) — a few, or about 90/180 for a photo taken sideways. */
  turnDeg: number;
  /** How far each page corner moves for perspective (share of the page's width). */
  perspective: number;
  /** Share of the photo's long side the page takes. */
  fill: number;
  /** Sensor noise (grey levels, standard deviation). */
  noise: number;
  /** Blur radius (px), 0 for none. */
  blur: number;
  jpegQuality: number;
  /** A scanner: white background, even light. */
  scanner?: boolean;
}

/** Random options of a phone photo of a sheet (portrait or landscape frame). */
export function photoOptions(r: () => number, size: { long: number; short: number }): ShotOptions {
  const portrait = r() < 0.7;
  const turn = between(r, -6, 6) + (r() < 0.1 ? 180 : 0) + (!portrait ? 90 : 0);
  return {
    width: portrait ? size.short : size.long, height: portrait ? size.long : size.short, turnDeg: turn,
    perspective: between(r, 0, 0.06), fill: between(r, 0.78, 0.92), noise: between(r, 2, 9), blur: r() < 0.5 ? between(r, 0.4, 1.4) : 0,
    jpegQuality: Math.round(between(r, 70, 92)),
  };
}

/** Options of a page through a copier's scanner (A4 at 150–200 dpi, straight but for a degree). */
export function scannerOptions(r: () => number, dpi: number): ShotOptions {
  const width = Math.round((210 / 25.4) * dpi);
  const height = Math.round((297 / 25.4) * dpi);
  return { width, height, turnDeg: between(r, -1.5, 1.5) + (r() < 0.1 ? 180 : 0), perspective: 0, fill: 0.99, noise: between(r, 1, 4), blur: 0, jpegQuality: 80, scanner: true };
}

/** Standard normal (Box–Muller). */
const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/** The sheet (`page` at `dpi`) photographed: returns the JPEG bytes and the decoded pixels. */
export async function photograph(page: RgbaImage, o: ShotOptions, r: () => number): Promise<{ jpeg: Buffer; image: RgbaImage }> {
  const { width: W, height: H } = o;
  // Where the page's corners land in the photo.
  const turn = (o.turnDeg * Math.PI) / 180;
  const cos = Math.abs(Math.cos(turn));
  const sin = Math.abs(Math.sin(turn));
  const boxW = page.width * cos + page.height * sin;
  const boxH = page.width * sin + page.height * cos;
  const scale = Math.min((W * o.fill) / boxW, (H * o.fill) / boxH);
  const cx = W / 2 + between(r, -0.03, 0.03) * W;
  const cy = H / 2 + between(r, -0.03, 0.03) * H;
  const jitter = () => between(r, -o.perspective, o.perspective) * page.width * scale;
  const corners = [[0, 0], [page.width, 0], [page.width, page.height], [0, page.height]].map(([x, y]) => {
    const dx = (x! - page.width / 2) * scale;
    const dy = (y! - page.height / 2) * scale;
    return { x: cx + dx * Math.cos(turn) - dy * Math.sin(turn) + jitter(), y: cy + dx * Math.sin(turn) + dy * Math.cos(turn) + jitter() };
  });
  const toPhoto = solveHomography([{ x: 0, y: 0 }, { x: page.width, y: 0 }, { x: page.width, y: page.height }, { x: 0, y: page.height }], corners)!;
  const back = invert(toPhoto)!;
  const out = new Uint8ClampedArray(W * H * 4);
  const table = [between(r, 70, 150), between(r, 60, 130), between(r, 40, 110)];
  const lightX = between(r, -0.25, 0.25);
  const lightY = between(r, -0.25, 0.25);
  const src = page.data;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const w = back[6]! * x + back[7]! * y + back[8]!;
      const px = (back[0]! * x + back[1]! * y + back[2]!) / w - 0.5;
      const py = (back[3]! * x + back[4]! * y + back[5]!) / w - 0.5;
      const o4 = (y * W + x) * 4;
      const x0 = Math.floor(px);
      const y0 = Math.floor(py);
      const light = o.scanner ? 1 : 1 + lightX * (x / W - 0.5) * 2 + lightY * (y / H - 0.5) * 2 - 0.08;
      if (x0 < 0 || y0 < 0 || x0 + 1 >= page.width || y0 + 1 >= page.height) {
        for (let c = 0; c < 3; c++) out[o4 + c] = o.scanner ? 250 : table[c]! * light;
      } else {
        const ax = px - x0;
        const ay = py - y0;
        const a = (y0 * page.width + x0) * 4;
        const b = a + page.width * 4;
        for (let c = 0; c < 3; c++) {
          const top = src[a + c]! + (src[a + 4 + c]! - src[a + c]!) * ax;
          const bottom = src[b + c]! + (src[b + 4 + c]! - src[b + c]!) * ax;
          out[o4 + c] = (top + (bottom - top) * ay) * light * (o.scanner ? 1 : 0.96);
        }
      }
      out[o4 + 3] = 255;
    }
  }
  if (o.noise > 0) {
    for (let i = 0; i < out.length; i += 4) {
      const n = gauss(r) * o.noise;
      out[i] = out[i]! + n;
      out[i + 1] = out[i + 1]! + n;
      out[i + 2] = out[i + 2]! + n;
    }
  }
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(W, H);
  img.data.set(out);
  ctx.putImageData(img, 0, 0);
  let final = canvas;
  if (o.blur > 0) {
    final = createCanvas(W, H);
    const c2 = final.getContext('2d');
    c2.filter = `blur(${o.blur.toFixed(2)}px)`;
    c2.drawImage(canvas, 0, 0);
  }
  const jpeg = final.toBuffer('image/jpeg', o.jpegQuality);
  const decoded = await loadImage(jpeg);
  const back2 = createCanvas(decoded.width, decoded.height);
  const c3 = back2.getContext('2d');
  c3.drawImage(decoded, 0, 0);
  const d = c3.getImageData(0, 0, decoded.width, decoded.height);
  return { jpeg, image: { width: d.width, height: d.height, data: d.data } };
}

/** `img` scaled so that its long side is at most `long` px (what the console's worker works on). */
export function downscale(img: RgbaImage, long: number): RgbaImage {
  const k = Math.min(1, long / Math.max(img.width, img.height));
  if (k === 1) return img;
  const src = createCanvas(img.width, img.height);
  const sctx = src.getContext('2d');
  const id = sctx.createImageData(img.width, img.height);
  id.data.set(img.data);
  sctx.putImageData(id, 0, 0);
  const w = Math.round(img.width * k);
  const h = Math.round(img.height * k);
  const dst = createCanvas(w, h);
  const dctx = dst.getContext('2d');
  dctx.imageSmoothingQuality = 'high';
  dctx.drawImage(src, 0, 0, w, h);
  const d = dctx.getImageData(0, 0, w, h);
  return { width: w, height: h, data: d.data };
}
