/**
 * Test-only image helpers, run in Chromium: a generated 12-megapixel photo of an A4 page
 * (sensor-landscape pixels + EXIF orientation 6 + GPS tags, as a tablet held upright
 * writes it), an EXIF scanner, a decoder to pixels, and an exact area-average downscale
 * used as the high-quality reference for SSIM.
 */
import piexif from 'piexifjs';

export interface PagePhotoOptions {
  /** Stored (sensor) size; the upright page is height × width. */
  width?: number;
  height?: number;
  orientation?: 1 | 6;
  gps?: boolean;
  quality?: number;
  /** Camera-like: sensor noise (std dev, in 0–255 levels) and uneven lighting (vignetting). 0 = a clean page. */
  noise?: number;
  /** Camera-like: the page seen slightly from below (its top edge this fraction narrower: a keystone). */
  perspective?: number;
  /** Uneven light: a shadow across this fraction of the page (a hand or the tablet over it), 0 = none. */
  shadow?: number;
}

const LINES = [
  'Exercice 3 — Résoudre les équations suivantes :',
  'a) 3x + 5 = 20    donc 3x = 15    donc x = 5',
  'b) 2(x − 4) = 10   donc 2x − 8 = 10   donc x = 9',
  'c) x / 3 + 1 = 4   donc x / 3 = 3   donc x = 9',
  'Problème : un cycliste parcourt 45 km en 1 h 30.',
  'Sa vitesse moyenne est 45 ÷ 1,5 = 30 km/h.',
  'Vérification : 30 × 1,5 = 45 km. La réponse est juste.',
  'Les fractions : 3/4 + 1/8 = 6/8 + 1/8 = 7/8',
];

/** Draws the upright A4 page (portrait): table around it, a red mark top-left, a blue mark bottom-right. */
function drawUprightPage(w: number, h: number): OffscreenCanvas {
  const c = new OffscreenCanvas(w, h);
  const g = c.getContext('2d')!;
  g.fillStyle = '#7a6a58';
  g.fillRect(0, 0, w, h);
  const mx = Math.round(w * 0.06);
  const my = Math.round(h * 0.05);
  const grad = g.createLinearGradient(0, 0, w, h);
  grad.addColorStop(0, '#fbfaf6');
  grad.addColorStop(1, '#e9e6de');
  g.fillStyle = grad;
  g.fillRect(mx, my, w - 2 * mx, h - 2 * my);
  // Ruled lines of a school notebook page.
  g.strokeStyle = '#a9c4e8';
  g.lineWidth = 3;
  const step = Math.round(h / 34);
  for (let y = my + 3 * step; y < h - my; y += step) {
    g.beginPath();
    g.moveTo(mx, y);
    g.lineTo(w - mx, y);
    g.stroke();
  }
  g.fillStyle = '#1d2a6b';
  g.font = `italic ${Math.round(step * 0.62)}px serif`;
  let line = 0;
  for (let y = my + 3 * step - 12; y < h - my - step; y += step) {
    g.fillText(LINES[line++ % LINES.length]!, mx + 120, y);
  }
  g.fillStyle = '#d01010';
  g.fillRect(mx + 20, my + 20, 160, 160);
  g.fillStyle = '#1030d0';
  g.fillRect(w - mx - 180, h - my - 180, 160, 160);
  return c;
}

/** Adds what a tablet camera adds to a page: darker corners and grainy sensor noise. */
function addCameraLook(c: OffscreenCanvas, sigma: number) {
  const g = c.getContext('2d')!;
  const img = g.getImageData(0, 0, c.width, c.height);
  const d = img.data;
  let seed = 0x9e3779b9;
  const rand = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const cx = c.width / 2;
  const cy = c.height / 2;
  const rmax = cx * cx + cy * cy;
  for (let y = 0; y < c.height; y++) {
    for (let x = 0; x < c.width; x++) {
      const light = 1 - 0.18 * (((x - cx) ** 2 + (y - cy) ** 2) / rmax);
      // Sum of three uniforms: close enough to Gaussian grain.
      const n = (rand() + rand() + rand() - 1.5) * 2 * sigma;
      const i = (y * c.width + x) * 4;
      d[i] = d[i]! * light + n;
      d[i + 1] = d[i + 1]! * light + n;
      d[i + 2] = d[i + 2]! * light + n;
    }
  }
  g.putImageData(img, 0, 0);
}

/** The page seen slightly from below: each band of rows narrower towards the top (a keystone), on the table's colour. */
function addPerspective(c: OffscreenCanvas, amount: number) {
  const src = new OffscreenCanvas(c.width, c.height);
  src.getContext('2d')!.drawImage(c, 0, 0);
  const g = c.getContext('2d')!;
  g.fillStyle = '#7a6a58';
  g.fillRect(0, 0, c.width, c.height);
  g.imageSmoothingQuality = 'high';
  const band = 4;
  for (let y = 0; y < c.height; y += band) {
    const w = c.width * (1 - amount * (1 - y / c.height));
    g.drawImage(src, 0, y, c.width, band, (c.width - w) / 2, y, w, band);
  }
  src.width = src.height = 0;
}

/** A soft shadow over part of the page (uneven light). */
function addShadow(c: OffscreenCanvas, amount: number) {
  const g = c.getContext('2d')!;
  const grad = g.createLinearGradient(0, 0, c.width * amount, c.height * amount);
  grad.addColorStop(0, 'rgba(20, 15, 10, 0.35)');
  grad.addColorStop(1, 'rgba(20, 15, 10, 0)');
  g.fillStyle = grad;
  g.fillRect(0, 0, c.width, c.height);
}

/** A JPEG photo of an A4 page as a tablet camera stores it (default 4000×3000, orientation 6, GPS). */
export async function makePagePhoto(o: PagePhotoOptions = {}): Promise<Blob> {
  const { width = 4000, height = 3000, orientation = 6, gps = true, quality = 0.92, noise = 0, perspective = 0, shadow = 0 } = o;
  const look = (upright: OffscreenCanvas) => {
    if (perspective > 0) addPerspective(upright, perspective);
    if (shadow > 0) addShadow(upright, shadow);
    if (noise > 0) addCameraLook(upright, noise);
  };
  const stored = new OffscreenCanvas(width, height);
  const g = stored.getContext('2d')!;
  if (orientation === 6) {
    // Orientation 6 = "rotate 90° clockwise to display": store the upright page rotated 90° counter-clockwise.
    const upright = drawUprightPage(height, width);
    look(upright);
    g.translate(0, height);
    g.rotate(-Math.PI / 2);
    g.drawImage(upright, 0, 0);
    upright.width = upright.height = 0;
  } else {
    const upright = drawUprightPage(width, height);
    look(upright);
    g.drawImage(upright, 0, 0);
  }
  const jpeg = await stored.convertToBlob({ type: 'image/jpeg', quality });
  stored.width = stored.height = 0;
  const zeroth: Record<number, unknown> = { [piexif.ImageIFD.Orientation]: orientation, [piexif.ImageIFD.Make]: 'Cartable', [piexif.ImageIFD.Model]: 'Tablette de test' };
  const exif: Record<string, unknown> = { '0th': zeroth, Exif: {}, GPS: {} };
  if (gps) {
    exif.GPS = {
      [piexif.GPSIFD.GPSLatitudeRef]: 'N',
      [piexif.GPSIFD.GPSLatitude]: [[48, 1], [51, 1], [2400, 100]],
      [piexif.GPSIFD.GPSLongitudeRef]: 'E',
      [piexif.GPSIFD.GPSLongitude]: [[2, 1], [21, 1], [700, 100]],
    };
  }
  const binary = toBinaryString(new Uint8Array(await jpeg.arrayBuffer()));
  const withExif = piexif.insert(piexif.dump(exif), binary);
  return new Blob([fromBinaryString(withExif)], { type: 'image/jpeg' });
}

function toBinaryString(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
}

function fromBinaryString(s: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export interface ExifScan {
  /** 'Exif\0\0' anywhere in the file. */
  exifHeader: boolean;
  /** A GPS IFD pointer (tag 0x8825) in the EXIF block. */
  gps: boolean;
  orientation: number | null;
  /** XMP packet (Adobe namespace) anywhere. */
  xmp: boolean;
  /** JPEG APP1 segments, or WebP EXIF/XMP chunks. */
  metadataSegments: number;
}

/** Looks for every place a photo can carry metadata (JPEG APP1, WebP EXIF/XMP chunks, raw markers). */
export async function exifScan(blob: Blob): Promise<ExifScan> {
  const b = new Uint8Array(await blob.arrayBuffer());
  const find = (needle: string, from = 0) => {
    const n = Array.from(needle, (c) => c.charCodeAt(0));
    outer: for (let i = from; i <= b.length - n.length; i++) {
      for (let j = 0; j < n.length; j++) if (b[i + j] !== n[j]) continue outer;
      return i;
    }
    return -1;
  };
  const at = find('Exif\0\0');
  let gps = false;
  let orientation: number | null = null;
  if (at >= 0) {
    const t = at + 6;
    const le = b[t] === 0x49;
    const u16 = (p: number) => (le ? b[p]! | (b[p + 1]! << 8) : (b[p]! << 8) | b[p + 1]!);
    const u32 = (p: number) => (le ? u16(p) + u16(p + 2) * 65536 : u16(p) * 65536 + u16(p + 2));
    const ifd0 = t + u32(t + 4);
    const count = u16(ifd0);
    for (let k = 0; k < count; k++) {
      const e = ifd0 + 2 + k * 12;
      const tag = u16(e);
      if (tag === 0x8825) gps = true;
      if (tag === 0x0112) orientation = u16(e + 8);
    }
  }
  let metadataSegments = 0;
  if (b[0] === 0xff && b[1] === 0xd8) {
    for (let p = 2; p + 4 <= b.length && b[p] === 0xff; ) {
      const marker = b[p + 1]!;
      if (marker === 0xda) break;
      if (marker === 0xe1) metadataSegments++;
      p += 2 + ((b[p + 2]! << 8) | b[p + 3]!);
    }
  } else if (find('RIFF') === 0) {
    for (let p = 12; p + 8 <= b.length; ) {
      const fourcc = String.fromCharCode(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!);
      if (fourcc === 'EXIF' || fourcc === 'XMP ') metadataSegments++;
      const size = b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24);
      p += 8 + size + (size & 1);
    }
  }
  return { exifHeader: at >= 0, gps, orientation, xmp: find('http://ns.adobe.com/xap') >= 0, metadataSegments };
}

/** Decodes (EXIF orientation honoured) to pixels. */
export async function decodeToImageData(blob: Blob): Promise<ImageData> {
  const bmp = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  const c = new OffscreenCanvas(bmp.width, bmp.height);
  const g = c.getContext('2d')!;
  g.drawImage(bmp, 0, 0);
  bmp.close();
  return g.getImageData(0, 0, c.width, c.height);
}

/** Exact area-average downscale (each output pixel = the mean of the source area it covers). */
export function areaDownscale(src: ImageData, w: number, h: number): ImageData {
  const out = new ImageData(w, h);
  const sx = src.width / w;
  const sy = src.height / h;
  const d = src.data;
  for (let oy = 0; oy < h; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < w; ox++) {
      const x0 = ox * sx;
      const x1 = x0 + sx;
      let r = 0, g = 0, bl = 0, area = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          const a = wx * wy;
          const i = (y * src.width + x) * 4;
          r += d[i]! * a;
          g += d[i + 1]! * a;
          bl += d[i + 2]! * a;
          area += a;
        }
      }
      const o = (oy * w + ox) * 4;
      out.data[o] = r / area;
      out.data[o + 1] = g / area;
      out.data[o + 2] = bl / area;
      out.data[o + 3] = 255;
    }
  }
  return out;
}

/** Width and height as stored in a JPEG's frame header (SOF), before any EXIF rotation. */
export async function jpegStoredSize(blob: Blob): Promise<[number, number] | null> {
  const b = new Uint8Array(await blob.arrayBuffer());
  for (let p = 2; p + 9 < b.length && b[p] === 0xff; ) {
    const marker = b[p + 1]!;
    if (marker >= 0xc0 && marker <= 0xc3) return [(b[p + 7]! << 8) | b[p + 8]!, (b[p + 5]! << 8) | b[p + 6]!];
    p += 2 + ((b[p + 2]! << 8) | b[p + 3]!);
  }
  return null;
}
