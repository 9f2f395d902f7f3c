/**
 * The demo lessons' media, generated in code so the repository holds no binary: a small
 * PNG diagram (a disc cut in quarters, three of them coloured: 3/4) and a short WAV clip
 * (a do-mi-sol arpeggio then the same notes together).
 */
import { deflateSync, crc32 } from 'node:zlib';

type Rgb = [number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** An RGB PNG of `width`×`height` whose pixel colours come from `pixel(x, y)`. */
export function makePng(width: number, height: number, pixel: (x: number, y: number) => Rgb): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      raw[row + 1 + x * 3] = r;
      raw[row + 2 + x * 3] = g;
      raw[row + 3 + x * 3] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // colour type: RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** "Trois quarts": a disc in four parts, three filled, on white. */
export function fractionDiagramPng(): Buffer {
  const w = 320, h = 200, cx = 160, cy = 100, r = 80;
  const fill: Rgb = [52, 120, 200], empty: Rgb = [235, 240, 248], line: Rgb = [30, 30, 30], white: Rgb = [255, 255, 255];
  return makePng(w, h, (x, y) => {
    const dx = x - cx, dy = y - cy;
    const d = Math.hypot(dx, dy);
    if (d > r + 1.5) return white;
    if (d > r - 1.5 || Math.abs(dx) < 1.5 || Math.abs(dy) < 1.5) return line;
    const topRight = dx > 0 && dy < 0;
    return topRight ? empty : fill;
  });
}

/** 16-bit mono PCM WAV of the given samples (-1..1). */
export function makeWav(samples: Float32Array, sampleRate: number): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32767), i * 2));
  const head = Buffer.alloc(44);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVE', 8, 'ascii');
  head.write('fmt ', 12, 'ascii');
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20); // PCM
  head.writeUInt16LE(1, 22); // mono
  head.writeUInt32LE(sampleRate, 24);
  head.writeUInt32LE(sampleRate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36, 'ascii');
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

/** About 3 seconds: do, mi, sol, then the chord, with soft attacks and releases. */
export function arpeggioWav(): Buffer {
  const rate = 16_000;
  const notes = [[261.63], [329.63], [392.0], [261.63, 329.63, 392.0]];
  const noteSec = 0.75;
  const out = new Float32Array(Math.round(rate * noteSec * notes.length));
  notes.forEach((freqs, n) => {
    const start = Math.round(n * noteSec * rate);
    const len = Math.round(noteSec * rate);
    for (let i = 0; i < len; i++) {
      const t = i / rate;
      const env = Math.min(1, i / (0.02 * rate)) * Math.min(1, (len - i) / (0.1 * rate));
      out[start + i] = (0.5 / freqs.length) * env * freqs.reduce((s, f) => s + Math.sin(2 * Math.PI * f * t), 0);
    }
  });
  return makeWav(out, rate);
}
