/**
 * `npm start` ends here: opens the store under DATA_DIR, seeds the demo school on a first
 * start, serves the API and the built PWA over HTTP (or HTTPS with TLS_CERT/TLS_KEY).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { SqliteStore } from './store/sqlite/sqlite-store.ts';
import { describeDemo, seedDemoSchool, type DemoInfo } from './seed/demo-school.ts';
import { PID_FILE } from './cli/restore.ts';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const config = configFromEnv(process.env, process.env.CARTABLE_APP_VERSION ?? pkg.version);
const store = SqliteStore.open(join(config.dataDir, 'cartable.sqlite'));

// First start on an empty database: create the demo school (unless DEMO=0), and keep what to
// print (the enrolment code is stored hashed, so its clear text is only in this file).
const demoFile = join(config.dataDir, 'demo-accounts.json');
if (process.env.DEMO !== '0' && (await store.school.isEmpty())) {
  const info = await seedDemoSchool(store);
  writeFileSync(demoFile, JSON.stringify(info, null, 2), { mode: 0o600 });
  console.log('First start: created the demo school.');
}
const demo = existsSync(demoFile) ? (JSON.parse(readFileSync(demoFile, 'utf8')) as DemoInfo) : null;
const https = config.tlsCert && config.tlsKey ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) } : undefined;
const app = await buildApp({ store, config, fastify: https ? { https } : {} });

// `npm run admin -- restore` refuses while this file names a live process.
const pidFile = join(config.dataDir, PID_FILE);
writeFileSync(pidFile, String(process.pid));

const shutdown = async () => {
  await app.close();
  store.close();
  rmSync(pidFile, { force: true });
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

await app.listen({ port: config.port, host: config.host });
const scheme = https ? 'https' : 'http';
const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
const port = (app.server.address() as { port: number } | null)?.port ?? config.port;
console.log(`Cartable school server ${config.appVersion} listening on ${scheme}://${shownHost}:${port}`);
console.log(`Data: ${config.dataDir}`);
if (demo) for (const line of describeDemo(demo)) console.log(line);
