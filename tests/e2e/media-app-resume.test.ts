/**
 * The upload-resume proof through the real app (built PWA, student screens, sync worker),
 * real server and real Chromium with the fake camera and microphone: take a photo and
 * record an oral answer offline, hand in, come back on a slow hotspot (a TCP proxy at
 * ~8 KB/s), kill the network at ~60 % of the attachment bytes, reload the app with the
 * network back: the upload resumes from the server's offset and the server holds one
 * byte-identical file per attachment.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { e2eDist, launchBrowser, newTablet, startServer, waitForServiceWorker, type E2EServer } from './harness.ts';
import { ALL_KINDS, enrolTablet, localAttachments, publishAssignment, signIn, teacherToken } from './student-helpers.ts';
import { startCuttingProxy, type CuttingProxy } from '../unit/media/cutting-proxy.ts';

let server: E2EServer;
let browser: Browser;
let proxy: CuttingProxy;

beforeAll(async () => {
  server = await startServer({ staticDir: e2eDist().v1, seedDemo: true });
  proxy = await startCuttingProxy(server.url);
  browser = await launchBrowser({ fakeMedia: true });
});
afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
});

test('photo + recording: network killed at ~60 % of the upload, app reloaded, upload resumes: one identical file each', async () => {
  const token = await teacherToken(server);
  await publishAssignment(server, token, {
    title: 'Oral et figure',
    instructionsMarkdown: 'Photographie ta figure, puis lis le poème.',
    dueAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
    questions: ALL_KINDS.filter((q) => q.kind === 'photo' || q.kind === 'audio'),
  });
  const ines = server.school!.students[0]!;
  const { context, page } = await newTablet(browser, `${proxy.url}/`);
  await enrolTablet(page, server);
  await signIn(page, ines);
  await waitForServiceWorker(page);
  await page.getByRole('link', { name: /Oral et figure/ }).waitFor({ timeout: 30_000 });

  // The hotspot dies (the proxy drops and refuses every connection): the photo and the recording stay on the tablet.
  proxy.cutNow();
  await page.getByRole('link', { name: /Oral et figure/ }).click();
  await page.getByRole('button', { name: 'Prendre une photo' }).click();
  const capture = page.getByRole('button', { name: 'Déclencher' });
  await expect.poll(() => capture.isEnabled(), { timeout: 15_000 }).toBe(true);
  await capture.click();
  await page.getByRole('img', { name: 'Ta photo 1' }).waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.getByText(/Enregistrement… \d+ s sur 60 s/).waitFor();
  // Long enough (~25 KB) for the cut to land inside the recording's bytes.
  await page.waitForTimeout(8_000);
  await page.getByRole('button', { name: 'Arrêter' }).click();
  await page.locator('audio').waitFor();
  await page.getByRole('button', { name: 'Rendre', exact: true }).click();
  await page.getByRole('button', { name: 'Oui, rendre' }).click();
  await page.getByText('Rendu — en attente d’envoi').waitFor();
  const local = await localAttachments(page);
  expect(Object.values(local).map((a) => a.kind).sort()).toEqual(['audio', 'photo']);
  const total = Object.values(local).reduce((n, a) => n + a.size, 0);

  // Back on a weak hotspot, which dies once ~60 % of the attachment bytes went through.
  proxy.restore();
  proxy.throttle(8_000);
  proxy.cutAfter(Math.round(total * 0.6));
  const requestsBefore = proxy.requests.length;
  await page.getByRole('button', { name: 'Synchroniser' }).click();
  await expect.poll(() => proxy.cut, { timeout: 60_000 }).toBe(true);
  const cutRequests = proxy.requests.slice(requestsBefore);
  const patchedBeforeCut = cutRequests.filter((r) => r.method === 'PATCH' && r.path.startsWith('/files/uploads/')).map((r) => r.path);
  expect(patchedBeforeCut.length, JSON.stringify(cutRequests)).toBeGreaterThan(0);
  const serverSide = await Promise.all(Object.keys(local).map((id) => server.store.database.read((tx) => tx.attachments.byId(id))));
  expect(serverSide.filter((a) => a?.complete).length).toBeLessThan(2);

  // The network comes back and the app is restarted: it resumes by itself.
  proxy.restore();
  const requestsAfter = proxy.requests.length;
  await page.reload();
  await page.getByText(/^Reçu le /).waitFor({ timeout: 60_000 });

  const resumed = proxy.requests.slice(requestsAfter).filter((r) => r.method === 'PATCH' && (r.uploadOffset ?? 0) > 0 && patchedBeforeCut.includes(r.path));
  expect(resumed.length, JSON.stringify(proxy.requests.slice(requestsAfter))).toBeGreaterThan(0);
  for (const [id, a] of Object.entries(local)) {
    const rec = await server.store.database.read((tx) => tx.attachments.byId(id));
    expect(rec).toMatchObject({ complete: true, sha256: a.sha256, size: a.size });
    const res = await fetch(`${server.url}/files/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(a.sha256);
    expect(server.store.db.prepare('SELECT COUNT(*) FROM blobs WHERE sha256 = ?').pluck().get(a.sha256)).toBe(1);
  }
  expect(Object.values(await localAttachments(page)).every((a) => a.upload === 'uploaded')).toBe(true);
  await context.close();
});
