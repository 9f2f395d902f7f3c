/**
 * Compares two PNG screenshots pixel by pixel, decoded by Chromium itself (createImageBitmap on
 * an about:blank page: no PNG library needed). A pixel differs when one of its channels differs
 * by more than `tolerance` (0–255): anti-aliasing noise is not a difference, a moved line is.
 */
import type { Browser } from 'playwright-core';

export interface PixelDiff {
  width: number;
  height: number;
  /** Pixels that differ. */
  differing: number;
  /** differing / (width × height); 1 when the two images are not the same size. */
  ratio: number;
}

export async function pixelDiff(browser: Browser, a: Buffer, b: Buffer, tolerance = 32): Promise<PixelDiff> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ a64, b64, tolerance }) => {
        const decode = async (b64: string) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const g = canvas.getContext('2d')!;
          g.drawImage(bitmap, 0, 0);
          return g.getImageData(0, 0, bitmap.width, bitmap.height);
        };
        const [x, y] = await Promise.all([decode(a64), decode(b64)]);
        if (x.width !== y.width || x.height !== y.height) return { width: x.width, height: x.height, differing: x.width * x.height, ratio: 1 };
        let differing = 0;
        for (let i = 0; i < x.data.length; i += 4) {
          if (
            Math.abs(x.data[i]! - y.data[i]!) > tolerance ||
            Math.abs(x.data[i + 1]! - y.data[i + 1]!) > tolerance ||
            Math.abs(x.data[i + 2]! - y.data[i + 2]!) > tolerance
          ) differing++;
        }
        return { width: x.width, height: x.height, differing, ratio: differing / (x.width * x.height) };
      },
      { a64: a.toString('base64'), b64: b.toString('base64'), tolerance },
    );
  } finally {
    await page.close();
  }
}
