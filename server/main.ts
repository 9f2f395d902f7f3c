/**
 * `npm start` ends here: opens the store under DATA_DIR, seeds the demo school on a first
 * start, serves the API and the built PWA over HTTP (or HTTPS with TLS_CERT/TLS_KEY).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { SqliteStore } from './store/sqlite/sqlite-store.ts';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const config = configFromEnv(process.env, process.env.CARTABLE_APP_VERSION ?? pkg.version);
const store = SqliteStore.open(join(config.dataDir, 'cartable.sqlite'));
const https = config.tlsCert && config.tlsKey ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) } : undefined;
const app = await buildApp({ store, config, fastify: https ? { https } : {} });

const shutdown = async () => {
  await app.close();
  store.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

await app.listen({ port: config.port, host: config.host });
const scheme = https ? 'https' : 'http';
const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
console.log(`Cartable school server ${config.appVersion} listening on ${scheme}://${shownHost}:${config.port}`);
