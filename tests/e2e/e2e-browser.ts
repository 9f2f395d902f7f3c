/**
 * Headless Chromium for the e2e tests and the benches (no Vitest import: bench/ uses it too).
 * Debian's Chromium at /usr/bin/chromium (CHROMIUM_PATH overrides), driven by playwright-core.
 */
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
/** Fake camera and microphone, permission granted without a prompt. */
export const FAKE_MEDIA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/** A shared school tablet: landscape 1280×800, touch, French, service workers allowed. */
export const TABLET: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  deviceScaleFactor: 1,
  hasTouch: true,
  locale: 'fr-FR',
  timezoneId: 'Europe/Paris',
  serviceWorkers: 'allow',
};

/** Headless Chromium (one per test file). `fakeMedia`: fake camera and microphone, permission granted. */
export function launchBrowser(options: { fakeMedia?: boolean; args?: string[] } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...(options.fakeMedia ? FAKE_MEDIA_ARGS : []), ...(options.args ?? [])],
  });
}

/**
 * A tablet with a persistent profile (a temp user-data dir): needed for
 * Page.getInstallabilityErrors and realistic SW lifecycles. `close()` also removes the profile.
 */
export async function launchPersistentTablet(
  options: { fakeMedia?: boolean; contextOptions?: BrowserContextOptions } = {},
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'cartable-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...(options.fakeMedia ? FAKE_MEDIA_ARGS : [])],
    ...TABLET,
    ...options.contextOptions,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
