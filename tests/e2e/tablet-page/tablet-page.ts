/**
 * The tablet test page: starts the tablet worker (tablet.worker.ts) and hands it to the test
 * as `window.tablet` (Comlink); records the main thread's long tasks (> 50 ms) meanwhile.
 */
import { wrap, type Remote } from 'comlink';
import type { TabletWorkerApi } from './tablet.worker.ts';

declare global {
  interface Window {
    tablet: Remote<TabletWorkerApi>;
    longTasks: { start: number; ms: number }[];
  }
}

window.longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.longTasks.push({ start: e.startTime, ms: e.duration });
}).observe({ type: 'longtask', buffered: true });

const worker = new Worker(new URL('./tablet.worker.ts', import.meta.url), { type: 'module' });
// A worker whose script failed to load (a cut connection) answers nothing: say so, the test reloads.
worker.addEventListener('error', () => (document.body.dataset.worker = 'failed'));
window.tablet = wrap<TabletWorkerApi>(worker);
document.body.dataset.ready = 'true';
