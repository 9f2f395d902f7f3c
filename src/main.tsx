/** The page's entry: render the app, register the service worker; nothing else. */
import { render } from 'preact';
import { App } from './ui/app.tsx';
import { registerServiceWorker } from './pwa/register.ts';

render(<App />, document.getElementById('app')!);
if (import.meta.env.PROD) registerServiceWorker();
