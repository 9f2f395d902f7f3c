/** The page's entry: count this start, render the app, then register the service worker (a lazy chunk: not part of the first screen); nothing else. */
import { render } from 'preact';
import { App } from './ui/app.tsx';
import { whenFirstScreenShown } from './ui/common/first-screen.ts';
import { isConsolePath } from './ui/app-area.ts';

const tablet = !isConsolePath(location.pathname);
// One more start of the tablet app; src/pwa/app-health.ts takes the ones that never showed a screen as failed (issue 16).
try {
  if (tablet) localStorage.setItem('cartable.boots', String(Number(localStorage.getItem('cartable.boots')) + 1));
} catch {
  // storage blocked: nothing counted
}
render(<App />, document.getElementById('app')!);
// Once the first screen shows: the registration (workbox-window) never competes with it.
if (import.meta.env.PROD) void whenFirstScreenShown().then(() => import('./pwa/register.ts')).then((m) => m.registerServiceWorker({ tablet }));
