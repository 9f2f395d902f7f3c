// Renders the app icons (public/icons/*.png) from one SVG in headless Chromium, so the
// PNGs are real rasters at the exact sizes the manifest declares. Run after changing the
// drawing: `node scripts/render-icons.mjs` (the PNGs are committed; the build does not run this).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { ensureChromium } from './ensure-chromium.mjs';

const BLUE = '#1d4ed8';

/** A satchel (« cartable ») drawn in a 100×100 box; `scale` shrinks it into the maskable safe zone. */
function svg({ rounded, scale }) {
  const inset = (100 - 100 * scale) / 2;
  const bg = rounded
    ? `<rect width="100" height="100" rx="22" fill="${BLUE}"/>`
    : `<rect width="100" height="100" fill="${BLUE}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100%" height="100%">
  ${bg}
  <g transform="translate(${inset} ${inset}) scale(${scale})">
    <path d="M38 26 v-6 a4 4 0 0 1 4 -4 h16 a4 4 0 0 1 4 4 v6" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round"/>
    <rect x="18" y="26" width="64" height="54" rx="9" fill="#fff"/>
    <path d="M18 44 h64" stroke="${BLUE}" stroke-width="4"/>
    <rect x="44" y="38" width="12" height="14" rx="3" fill="#facc15" stroke="${BLUE}" stroke-width="3"/>
  </g>
</svg>`;
}

const ICONS = [
  { file: 'icon-192.png', size: 192, rounded: true, scale: 1 },
  { file: 'icon-512.png', size: 512, rounded: true, scale: 1 },
  // Maskable: full-bleed background, drawing inside the central 80 % safe zone.
  { file: 'icon-maskable-512.png', size: 512, rounded: false, scale: 0.72 },
];

const outDir = new URL('../public/icons/', import.meta.url);
mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath: ensureChromium(), args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg(icon)}</body></html>`);
    await page.screenshot({ path: new URL(icon.file, outDir).pathname, omitBackground: true, clip: { x: 0, y: 0, width: icon.size, height: icon.size } });
    await page.close();
    console.log(`public/icons/${icon.file} (${icon.size}×${icon.size})`);
  }
} finally {
  await browser.close();
}
