/**
 * The tablets of `npm run test:faults` behind one interface: in Node (TabletCore on
 * fake-indexeddb, one IDBFactory each) or in real Chromium (the tablet test page: TabletCore
 * in a Web Worker on the real IndexedDB, one browser context each). An app restart is a new
 * database connection and engine in Node, and a real page reload in Chromium (the worker dies
 * with whatever it was doing). Each tablet serializes its pupils' actions and its restarts
 * (a pupil's tap completes or never happened), never its sync: syncing while a pupil writes is
 * what the product must survive.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { BrowserContext, Page } from 'playwright-core';
import { CartableDb } from '../../src/db/schema.ts';
import { loadAttachmentUploader } from '../../src/sync/worker/attachment-uploads.ts';
import { TabletCore, type CycleResult, type TabletSnapshot } from './tablet-core.ts';
import type { FaultTabletSeed } from './fault-school.ts';

export interface Tablet {
  name: string;
  kind: 'node' | 'chromium';
  seed: FaultTabletSeed;
  restarts: number;
  saveText(studentId: string, assignment: { id: string; version: number }, text: string): Promise<void>;
  addPhoto(studentId: string, assignmentId: string, seed: number, size: number): Promise<string>;
  submit(studentId: string, assignmentId: string): Promise<void>;
  cycle(limitMs: number, abortAfterMs?: number): Promise<CycleResult>;
  /** The app is killed and started again. */
  restart(): Promise<void>;
  snapshot(): Promise<TabletSnapshot>;
  /** Requests the server refused (≥ 400), where the tablet can tell (Chromium: its XHRs). */
  refusedRequests(): Promise<string[]>;
  close(): Promise<void>;
}

/** Runs `fn` after the previous call finished (one pupil tap, or one restart, at a time). */
function serial() {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const next = last.then(fn, fn);
    last = next.catch(() => undefined);
    return next;
  };
}

export async function nodeTablet(name: string, seed: FaultTabletSeed, baseUrl: string): Promise<Tablet> {
  const factory = new IDBFactory();
  const core = new TabletCore(() => new CartableDb(`tablet-${seed.deviceId}`, { indexedDB: factory, IDBKeyRange }), baseUrl, await loadAttachmentUploader());
  await core.enrol(seed);
  const one = serial();
  const t: Tablet = {
    name, kind: 'node', seed, restarts: 0,
    saveText: (s, a, text) => one(() => core.saveText(s, a, text)),
    addPhoto: (s, a, seedN, size) => one(() => core.addPhoto(s, a, seedN, size)),
    submit: (s, a) => one(() => core.submit(s, a)),
    cycle: (limit, abortAfter) => core.cycle(limit, abortAfter),
    restart: () => one(async () => { core.restart(); t.restarts++; }),
    snapshot: () => core.snapshot(),
    refusedRequests: async () => [],
    close: async () => core.db.close(),
  };
  return t;
}

/** `p`, or a rejection after `ms` (a page whose worker died answers nothing, ever). */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms); })]).finally(() => clearTimeout(timer));
}

/** Loads the tablet page (retrying: the faults cut page loads too, the worker's script among them) and opens the tablet in its worker. */
async function openPage(page: Page, url: string, seed: FaultTabletSeed) {
  const until = Date.now() + 180_000; // the server may be down (killed, restarting) for a while
  for (;;) {
    try {
      await page.goto(url, { timeout: 30_000 });
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      await within(page.evaluate((s) => window.tablet.init(s), seed), 30_000, 'init');
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export async function chromiumTablet(name: string, seed: FaultTabletSeed, context: BrowserContext, baseUrl: string): Promise<Tablet> {
  const page = await context.newPage();
  const refused: string[] = [];
  page.on('console', (m) => { if (m.text().startsWith('[refused]')) refused.push(m.text()); });
  const url = `${baseUrl}/index.html`;
  await openPage(page, url, seed);
  const one = serial();
  // page.evaluate fails while the page reloads: the call waits for the reload (a tap on a reloading app waits too).
  const call = <T>(fn: () => Promise<T>) => one(fn);
  const t: Tablet = {
    name, kind: 'chromium', seed, restarts: 0,
    saveText: (s, a, text) => call(() => page.evaluate(([s2, a2, t2]) => window.tablet.saveText(s2, a2, t2), [s, a, text] as const)),
    addPhoto: (s, a, seedN, size) => call(() => page.evaluate(([s2, a2, n2, z2]) => window.tablet.addPhoto(s2, a2, n2, z2), [s, a, seedN, size] as const)),
    submit: (s, a) => call(() => page.evaluate(([s2, a2]) => window.tablet.submit(s2, a2), [s, a] as const)),
    async cycle(limit, abortAfter) {
      try {
        return await within(page.evaluate(([l, ab]) => window.tablet.cycle(l, ab ?? undefined), [limit, abortAfter ?? null] as const), limit + 30_000, 'cycle');
      } catch (err) {
        // The page was reloaded under the cycle (an app restart): that cycle died with it. A
        // cycle that outlived its own limit means the worker is gone: the app is started again.
        if ((err as Error).message.startsWith('cycle: no answer')) await t.restart();
        return { ok: false, code: `page: ${(err as Error).message.split('\n')[0]}`, pushed: 0, pulled: 0 };
      }
    },
    restart: () => one(async () => { await openPage(page, url, seed); t.restarts++; }),
    snapshot: () => one(() => page.evaluate(() => window.tablet.snapshot())),
    refusedRequests: async () => refused.slice(-50),
    close: () => page.close(),
  };
  return t;
}
