/**
 * `npm start` ends here: opens the store (SQLite under DATA_DIR, or PostgreSQL when
 * DATABASE_URL is set), seeds the demo school on a first start, serves the API and the built
 * PWA over HTTP (or HTTPS with TLS_CERT/TLS_KEY).
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { openSqliteServer } from './store/sqlite/sqlite-server.ts';
import { PostgresDatabase } from './store/postgres/postgres-database.ts';
import { describeStore, storeFromEnv } from './store/open-store.ts';
import { FsBlobStore } from './blobs/fs-blob-store.ts';
import { createServices, type Services } from './services.ts';
import { scheduleTombstonePurge, tombstoneDaysFromEnv } from './sync/sync-maintenance.ts';
import { describeDemo, seedDemoSchool, type DemoInfo } from './seed/demo-school.ts';
import { PID_FILE } from './cli/restore.ts';
import { lockDownDataDir } from './data-dir.ts';
import { activateServerKey } from './auth/server-key.ts';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const config = configFromEnv(process.env, process.env.CARTABLE_APP_VERSION ?? pkg.version);
lockDownDataDir(config.dataDir); // umask 077, DATA_DIR 0700, its files 0600 (server/data-dir.ts)
activateServerKey(config.dataDir); // before the demo seed hashes its passwords
const store = storeFromEnv(process.env, config.dataDir);
const seedDemo = process.env.DEMO !== '0';

// First start: build the demo school (unless DEMO=0). The enrolment code is stored hashed:
// its clear text is in demoFile (mode 0600), printed at this first start only and later by
// `npm run admin -- demo-accounts`.
const demoFile = join(config.dataDir, 'demo-accounts.json');
let firstStart = false;
let server: Services;
if (store.kind === 'sqlite') {
  // No database yet: the demo is built in a side file renamed into place, so a start killed
  // half-way leaves no half demo behind.
  const dbFile = store.file;
  if (seedDemo && !existsSync(dbFile)) {
    const seeding = `${dbFile}.seeding`;
    for (const f of [seeding, `${seeding}-wal`, `${seeding}-shm`]) rmSync(f, { force: true });
    const fresh = openSqliteServer(seeding);
    const info = await seedDemoSchool(fresh);
    fresh.db.db.pragma('journal_mode = DELETE'); // folds the WAL into the file before the rename
    await fresh.db.close();
    writeFileSync(demoFile, JSON.stringify(info, null, 2), { mode: 0o600 });
    renameSync(seeding, dbFile);
    console.log('First start: created the demo school.');
    firstStart = true;
  }
  server = openSqliteServer(dbFile);
} else {
  // PostgreSQL: migrated at open; the demo goes into a database that has no school yet.
  server = createServices(await PostgresDatabase.open(store.url), new FsBlobStore(join(config.dataDir, 'blobs')));
  if (seedDemo && (await server.school.listSchools()).length === 0) {
    const info = await seedDemoSchool(server);
    writeFileSync(demoFile, JSON.stringify(info, null, 2), { mode: 0o600 });
    console.log('First start: created the demo school.');
    firstStart = true;
  }
}
const demo = firstStart ? (JSON.parse(readFileSync(demoFile, 'utf8')) as DemoInfo) : null;
const https = config.tlsCert && config.tlsKey ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) } : undefined;
const app = await buildApp({ services: server, config, fastify: https ? { https } : {} });

// `npm run admin -- restore` refuses while this file names a live process.
const pidFile = join(config.dataDir, PID_FILE);
writeFileSync(pidFile, String(process.pid));

const stopPurge = scheduleTombstonePurge(server.sync, tombstoneDaysFromEnv(), (line) => console.log(line));

const shutdown = async () => {
  stopPurge();
  await app.close();
  await server.db.close();
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
console.log(`  student app (tablets): ${scheme}://${shownHost}:${port}/   ·   teacher / IT console: ${scheme}://${shownHost}:${port}/console`);
console.log(describeStore(store));
console.log(`Data: ${config.dataDir}${store.kind === 'postgres' ? ' (media in blobs/)' : ''}`);
// The demo's passwords and enrolment code go to the console once: a server log is read by more
// people than the IT referent. Later starts only say where to find them.
if (demo) for (const line of describeDemo(demo)) console.log(line);
else if (existsSync(demoFile)) console.log(`Demo school: its accounts and enrolment code are shown by \`npm run admin -- demo-accounts\`.`);
