/** The page's entry: render the app, then register the service worker (a lazy chunk: not part of the first screen); nothing else. */
import { render } from 'preact';
import { App } from './ui/app.tsx';
import { whenFirstScreenShown } from './ui/common/first-screen.ts';

render(<App />, document.getElementById('app')!);
// Once the first screen shows: the registration (workbox-window) never competes with it.
if (import.meta.env.PROD) void whenFirstScreenShown().then(() => import('./pwa/register.ts')).then((m) => m.registerServiceWorker());
