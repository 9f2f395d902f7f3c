/**
 * The errors a tablet counts after an update (issue 16, src/pwa/app-health.ts): starts that
 * never showed their first screen, and uncaught errors, per version. Each « start » here is a
 * fresh module instance, as a page load is: main.tsx's count (`cartable.boots`), then the
 * health chunk. tests/e2e/pwa-rollout.test.ts does it in Chromium, up to the IT referent's screen.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

let store: Map<string, string>;
let listeners: Map<string, Array<(e: unknown) => void>>;

beforeEach(() => {
  store = new Map();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, String(v)),
    removeItem: (k: string) => void store.delete(k),
  });
});
afterEach(() => vi.unstubAllGlobals());

/** One page load: main.tsx counts the start; then (when `registers`) the health chunk starts; `shows`: its first screen renders. */
async function start(version: string, o: { registers?: boolean; shows?: boolean } = {}) {
  vi.resetModules();
  listeners = new Map();
  vi.stubGlobal('addEventListener', (type: string, fn: (e: unknown) => void) => listeners.set(type, [...(listeners.get(type) ?? []), fn]));
  store.set('cartable.boots', String(Number(store.get('cartable.boots') ?? 0) + 1)); // main.tsx
  const health = await import('../../../src/pwa/app-health.ts');
  const screen = await import('../../../src/ui/common/first-screen.ts');
  if (o.registers !== false) health.startAppHealth(version);
  if (o.shows !== false) screen.markFirstScreenShown();
  await Promise.resolve();
  await Promise.resolve();
  return health;
}

describe('app health', () => {
  it('counts the starts that never showed their first screen, whether the page died or waited', async () => {
    expect((await start('1.0.0')).appHealth()).toEqual({ failedStarts: 0, uncaughtErrors: 0, lastError: null });
    expect(store.get('cartable.boots')).toBe('0');
    // The bundle threw before anything: the health chunk never loaded.
    await start('1.0.0', { registers: false, shows: false });
    // The health chunk loaded after its 10 s wait, but the screen never showed.
    await start('1.0.0', { shows: false });
    expect(store.get('cartable.boots')).toBe('1');
    const next = await start('1.0.0');
    expect(next.appHealth().failedStarts).toBe(2);
    expect(store.get('cartable.boots')).toBe('0');
  });

  it('counts uncaught errors and unhandled rejections with the last one in short, and starts over with a new version', async () => {
    const h = await start('1.0.0');
    listeners.get('error')![0]!({ error: new TypeError('x is undefined'), message: 'x' });
    listeners.get('unhandledrejection')![0]!({ reason: new Error('panne'.repeat(100)) });
    expect(h.appHealth()).toMatchObject({ uncaughtErrors: 2 });
    expect(h.appHealth().lastError).toMatch(/^Error: panne/);
    expect(h.appHealth().lastError!.length).toBe(300);
    expect((await start('1.0.0')).appHealth().uncaughtErrors).toBe(2); // kept across starts of the same version
    await start('1.1.0', { shows: false });
    expect((await start('1.1.0')).appHealth()).toEqual({ failedStarts: 1, uncaughtErrors: 0, lastError: null });
  });
});
