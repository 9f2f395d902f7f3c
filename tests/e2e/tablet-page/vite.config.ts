import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

/** Builds the tablet test page (tests/e2e/tablet-page) with the app's worker settings. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  logLevel: 'error',
  build: { target: 'es2022', sourcemap: false, assetsInlineLimit: 0, emptyOutDir: true },
  worker: { format: 'es' },
});
