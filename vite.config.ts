import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import { PROTOCOL_VERSION } from './src/protocol/wire.ts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const appVersion = process.env.CARTABLE_APP_VERSION ?? pkg.version;

/**
 * Stamps the version into index.html (<meta name="cartable-version">): visible to support and
 * tests; and the sync protocol it speaks (<meta name="cartable-protocol">): a server registers
 * only builds it can talk with (issue 16, server/updates/build-files.ts).
 */
const versionMeta = (): Plugin => ({
  name: 'cartable-version-meta',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { name: 'cartable-version', content: appVersion }, injectTo: 'head' },
    { tag: 'meta', attrs: { name: 'cartable-protocol', content: String(PROTOCOL_VERSION) }, injectTo: 'head' },
  ],
});

/**
 * The PWA build. The school server serves `dist/`; a new server version is a new app
 * version (`__APP_VERSION__`), which the service worker update flow picks up.
 */
export default defineConfig({
  define: {
    __APP_VERSION__: JSON.stringify(appVersion),
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
    // The tablets run Chromium, which preloads modules natively: the polyfill was ~0.5 KB gzip of
    // the first screen (tests/e2e/pwa-budget.test.ts) for browsers Cartable does not target.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The tablet's HTTP transport and wire constants are shared by sign-in, enrolment and the
          // console: one small chunk with its page client, not three, so the first screen
          // fetches one file for them (tests/e2e/pwa-budget.test.ts counts every script).
          groups: [{ name: 'api-client', test: /src[\\/](sync[\\/]page[\\/]api-client|sync[\\/]http-transport|protocol[\\/]wire)\.ts$/ }],
        },
      },
    },
  },
  worker: { format: 'es' },
  server: {
    proxy: { '/api': 'http://localhost:8080', '/media': 'http://localhost:8080', '/files': 'http://localhost:8080' },
  },
  plugins: [
    versionMeta(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/pwa',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      manifest: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,woff2}'],
        // The console's reader of returned paper sheets (issue 15: its worker and pdf.js, ~500 KB)
        // is fetched when a teacher uses it, never precached on the pupils' tablets.
        globIgnores: ['**/scan.worker-*.js', '**/pdf-*.js'],
        rollupFormat: 'es',
      },
      devOptions: { enabled: false },
    }),
  ],
});
