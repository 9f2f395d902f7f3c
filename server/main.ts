/**
 * `npm start` ends here: opens the store (SQLite under DATA_DIR, or PostgreSQL when
 * DATABASE_URL is set) and the media (DATA_DIR/blobs, or an S3 bucket with S3_*), seeds the demo school on a first start, serves the API and the built
 * PWA over HTTP (or HTTPS with TLS_CERT/TLS_KEY).
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { openSqliteServer } from './store/sqlite/sqlite-server.ts';
import { PostgresDatabase } from './store/postgres/postgres-database.ts';
import { describeStore, storeFromEnv } from './store/open-store.ts';
import { blobStoreFromEnv, describeBlobStore, openBlobStore } from './blobs/open-blob-store.ts';
import { createServices, type Services } from './services.ts';
import { tombstoneDaysFromEnv } from './sync/sync-maintenance.ts';
import { describeDemo, seedDemoSchool, type DemoInfo } from './seed/demo-school.ts';
import { pidFileName } from './cli/restore.ts';
import { postgresCoordination } from './cluster/coordination.ts';
import { startScheduledJobs } from './cluster/scheduled-jobs.ts';
import { lockDownDataDir } from './data-dir.ts';
import { activateServerKey } from './auth/server-key.ts';
import { registerBuildDir } from './updates/register-build.ts';
import { missingBuildFiles } from './updates/build-files.ts';
import { SYSTEM } from './access/actor.ts';
import { backupScheduleFromEnv } from './backup/scheduled-backup.ts';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const config = configFromEnv(process.env, process.env.CARTABLE_APP_VERSION ?? pkg.version);
lockDownDataDir(config.dataDir); // umask 077, DATA_DIR 0700, its files 0600 (server/data-dir.ts)
activateServerKey(config.dataDir); // before the demo seed hashes its passwords
const store = storeFromEnv(process.env, config.dataDir);
const media = (() => {
  try {
    return blobStoreFromEnv(process.env, config.dataDir);
  } catch (err) {
    console.error(`Cartable cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
})();
const blobs = openBlobStore(media);
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
    const fresh = openSqliteServer(seeding, { blobs });
    const info = await seedDemoSchool(fresh);
    fresh.db.db.pragma('journal_mode = DELETE'); // folds the WAL into the file before the rename
    await fresh.db.close();
    writeFileSync(demoFile, JSON.stringify(info, null, 2), { mode: 0o600 });
    renameSync(seeding, dbFile);
    console.log('First start: created the demo school.');
    firstStart = true;
  }
  server = openSqliteServer(dbFile, { blobs });
} else {
  // PostgreSQL: migrated at open; the demo goes into a database that has no school yet. Several
  // processes may share the database (server/cluster/): upload locks, rate limits and the
  // leader live there, and two first starts at once seed one demo (the check and the seed hold
  // one advisory lock).
  const database = await PostgresDatabase.open(store.url);
  server = createServices(database, blobs, await postgresCoordination(store.url, {
    // LEADER_RETRY_MS: how soon a follower takes over from a dead leader (default 10 s).
    leadership: { retryMs: Number(process.env.LEADER_RETRY_MS) || undefined, log: (line) => console.log(line) },
  }), config.dataDir);
  const services = server;
  firstStart = seedDemo && await services.coordination.exclusive('demo-seed', async () => {
    if ((await services.school.listSchools()).length > 0) return false;
    const info = await seedDemoSchool(services);
    writeFileSync(demoFile, JSON.stringify(info, null, 2), { mode: 0o600 });
    console.log('First start: created the demo school.');
    return true;
  });
}
const demo = firstStart ? (JSON.parse(readFileSync(demoFile, 'utf8')) as DemoInfo) : null;
const https = config.tlsCert && config.tlsKey ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) } : undefined;
// The built app (dist/) is a build the server keeps (issue 16): registered once per content,
// and the school's build when it runs none yet — later ones wait for the IT referent's choice
// (« Mises à jour »), so a server upgrade never rolls a new app out to every tablet at once.
let shippedBuild: string | null = null;
if (config.staticDir && existsSync(join(config.staticDir, 'sw.js'))) {
  const { build, created } = await registerBuildDir(server, config.dataDir, config.staticDir, { releaseNote: process.env.CARTABLE_RELEASE_NOTE });
  const adopted = await server.updates.adoptAsDefault(build.id);
  shippedBuild = `App build n° ${build.number} (${build.version})${created ? ', registered now' : ''}${adopted ? ', served to every tablet' : ''}.`;
}
// Builds are kept in DATA_DIR/builds, which every process shares (docs/updates.md): one missing
// here means this process does not see the shared folder, or the database came from elsewhere.
const builds = await server.updates.listBuilds(SYSTEM);
const missing = new Set(missingBuildFiles(config.dataDir, builds.map((b) => b.files)));
if (missing.size) {
  console.error(`App builds without their files in ${config.dataDir}/builds: ${builds.filter((b) => missing.has(b.files)).map((b) => `n° ${b.number} (${b.version})`).join(', ')}. `
    + 'Tablets assigned one are not updated (their service worker keeps what it has). Is DATA_DIR the volume shared by every process? Register those builds again (npm run admin -- register-build <dist folder>).');
}
const app = await buildApp({ services: server, config, fastify: https ? { https } : {}, publishScheduler: { log: (line) => console.log(line) }, log: (line) => console.log(line) });

// `npm run admin -- restore` refuses while a pid file names a live process (one file per process).
const pidFile = join(config.dataDir, pidFileName(process.pid));
writeFileSync(pidFile, String(process.pid));

// Scheduled jobs run on the leader only (the one process on SQLite; one of them on PostgreSQL).
const log = (line: string) => console.log(line);
const { leadership } = server.coordination;
if (server.coordination.kind === 'postgres') leadership.onChange((leader) => log(leader ? 'This process now runs the scheduled jobs (leader).' : 'This process no longer runs the scheduled jobs.'));
// Nightly backups (server/backup/scheduled-backup.ts): SQLite only; PostgreSQL is pg_dump's.
const backupSchedule = store.kind === 'sqlite' ? backupScheduleFromEnv(process.env, config.dataDir) : { dir: null, hour: 2, keep: 7 };
server.backup.configureSchedule(backupSchedule);
// The tombstone purge, the rate-limit clean-up and the backups (the upload sweep and the
// scheduled publishing start with the app): server/cluster/scheduled-jobs.ts.
const stopJobs = startScheduledJobs(server, { tombstoneDays: tombstoneDaysFromEnv(), backup: backupSchedule, dataDir: config.dataDir, log });

const shutdown = async () => {
  stopJobs();
  await app.close();
  await server.coordination.close();
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
console.log(describeBlobStore(media));
console.log(`Data: ${config.dataDir} (server key, uploads in progress${store.kind === 'sqlite' ? ', database' : ''}${media.kind === 'fs' ? ', media' : ''})`);
// The demo's passwords and enrolment code go to the console once: a server log is read by more
// people than the IT referent. Later starts only say where to find them.
if (shippedBuild) console.log(shippedBuild);
if (demo) for (const line of describeDemo(demo)) console.log(line);
else if (existsSync(demoFile)) console.log(`Demo school: its accounts and enrolment code are shown by \`npm run admin -- demo-accounts\`.`);
