/**
 * The QR decoder of returned sheets: zxing-wasm (ZXing-C++ in WebAssembly), kept up to date
 * upstream and sturdier than the pure-JS decoders on a blurred or tilted phone photo. Its
 * wasm is never fetched from a CDN: the worker points it at the file the build ships
 * (`locateFile`), a Node test hands it the bytes (`wasmBinary`).
 */
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { QrDecoder } from './locate-sheet.ts';
import type { RgbaImage } from './gray-image.ts';

/** Where the wasm comes from: its URL in the build, or its bytes. */
export function prepareQrDecoder(source: { wasmUrl: string } | { wasmBinary: ArrayBuffer }): void {
  const overrides = 'wasmUrl' in source ? { locateFile: () => source.wasmUrl } : { wasmBinary: source.wasmBinary };
  prepareZXingModule({ overrides, fireImmediately: false });
}

/** Every valid QR code in the image, with its corners. */
export const zxingDecoder: QrDecoder = async (img: RgbaImage) => {
  const found = await readBarcodes(img as unknown as ImageData, { formats: ['QRCode'], tryHarder: true, tryRotate: true, tryDownscale: true, maxNumberOfSymbols: 2 });
  return found.filter((r) => r.isValid).map((r) => ({
    text: r.text,
    corners: [r.position.topLeft, r.position.topRight, r.position.bottomRight, r.position.bottomLeft] as const,
  }));
};
