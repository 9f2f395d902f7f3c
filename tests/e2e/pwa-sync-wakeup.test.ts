/**
 * Wake-ups: when the browser fires Background Sync's `sync` event on the service worker
 * (network back while the app sleeps), every open page receives {type:'sync-requested', tag}
 * and the page's sync runs; the SW does no sync work itself.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { e2eDist, launchBrowser, newTablet, startServer, waitForServiceWorker, type E2EServer } from './harness.ts';

let server: E2EServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ staticDir: e2eDist().v1 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("the SW's sync event reaches every open page as a 'sync-requested' message", async () => {
  const { context, page } = await newTablet(browser, server.url);
  await waitForServiceWorker(page);
  const second = await context.newPage();
  await second.goto(server.url);
  await waitForServiceWorker(second);
  for (const p of [page, second]) {
    await p.evaluate(() => {
      const w = window as unknown as { swMessages: unknown[] };
      w.swMessages = [];
      navigator.serviceWorker.addEventListener('message', (e) => w.swMessages.push(e.data));
    });
  }

  const cdp = await context.newCDPSession(page);
  const registration = new Promise<string>((done) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> }) => {
      const r = e.registrations.find((x) => x.scopeURL === `${server.url}/` && !x.isDeleted);
      if (r) done(r.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: server.url, registrationId: await registration, tag: 'cartable-sync', lastChance: false });

  for (const p of [page, second]) {
    await expect
      .poll(() => p.evaluate(() => (window as unknown as { swMessages: unknown[] }).swMessages))
      .toContainEqual({ type: 'sync-requested', tag: 'cartable-sync' });
  }
  await context.close();
});
