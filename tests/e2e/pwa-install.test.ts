/**
 * The shell is an installable PWA: Chromium reports no installability error, the manifest
 * is French with real icons at the declared sizes, and the shell loads without CSP errors.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { e2eDist, launchPersistentTablet, pageErrors, startServer, waitForServiceWorker, type E2EServer } from './harness.ts';

let server: E2EServer;

beforeAll(async () => {
  server = await startServer({ staticDir: e2eDist().v1 });
});
afterAll(async () => {
  await server?.stop();
});

test('Chromium reports no installability error, and the manifest is French with 192/512/maskable PNG icons', async () => {
  const tablet = await launchPersistentTablet();
  try {
    const page = await tablet.context.newPage();
    const errors = pageErrors(page);
    await page.goto(server.url);
    await waitForServiceWorker(page);
    const cdp = await tablet.context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string }>;
    };
    expect(installabilityErrors).toEqual([]);

    const { url: manifestUrl, errors: parseErrors, data } = (await cdp.send('Page.getAppManifest')) as {
      url: string;
      errors: unknown[];
      data: string;
    };
    expect(manifestUrl).toBe(`${server.url}/manifest.webmanifest`);
    expect(parseErrors).toEqual([]);
    const manifest = JSON.parse(data) as {
      lang: string;
      display: string;
      start_url: string;
      description: string;
      icons: Array<{ src: string; sizes: string; purpose?: string }>;
    };
    expect(manifest.lang).toBe('fr');
    expect(manifest.display).toBe('standalone');
    expect(manifest.description).toMatch(/devoirs/);

    // Each icon is a real PNG of the size it claims.
    for (const icon of manifest.icons) {
      const res = await page.request.get(new URL(icon.src, server.url).href);
      expect(res.status()).toBe(200);
      const bytes = await res.body();
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      const [w, h] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
      expect(`${w}x${h}`).toBe(icon.sizes);
    }
    expect(manifest.icons.map((i) => `${i.sizes}:${i.purpose ?? 'any'}`).sort()).toEqual(['192x192:any', '512x512:any', '512x512:maskable']);
    expect(errors).toEqual([]);
  } finally {
    await tablet.close();
  }
});
