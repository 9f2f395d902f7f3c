/**
 * `npm run admin -- <command>`: the IT referent's commands on the school server's data
 * (DATA_DIR, default ./data; DATABASE_URL=postgres://… for PostgreSQL, as the server). They work
 * while the server runs, except restore. backup and restore are SQLite's: PostgreSQL is backed
 * up with pg_dump and restored with pg_restore (README).
 *
 *   create-school <name>
 *   create-user --role teacher|it --login <login> --name <display name> --password <pw> [--school <id>]
 *   list-users [--school <id>]
 *   import-roster <file.csv | SIECLE .zip/.xml> [--dry-run] [--archive-missing] [--lang fr|en] [--school <id>]   (report in French unless --lang en or an English locale)
 *   enrol-code [--class <class name or id>] [--days <n>] [--uses <n>] [--school <id>]
 *   backup <file.tar>       the archive (manifest, database, every blob) while the server runs
 *   restore <file.tar>      checked whole first; refuses while a server uses DATA_DIR; keeps the old database as .bak
 *                           (a bare .sqlite file of an older backup is still accepted)
 *   purge-tombstones [--days <n>]   drop sync tombstones older than n days (default 180)
 *   demo-accounts           the demo school's accounts and enrolment code (printed at the first start only)
 *   unlock <login | student id>     lifts a sign-in lock-out at once (every browser and address)
 *   set-password --login <login> --password <pw>   a new password (ends the account's sessions)
 *   register-build <dist folder> [--note "<release note>"]   (an app build the server keeps and serves; see « Mises à jour »)
  list-builds
  migrate-to-postgres [--blobs-to <dir>]   DATA_DIR's SQLite and blobs into DATABASE_URL and S3_* (migrate-to-postgres.ts)
 */
import { registerBuildDir } from '../updates/register-build.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { configFromEnv } from '../config.ts';
import { openSqliteServer } from '../store/sqlite/sqlite-server.ts';
import { PostgresDatabase } from '../store/postgres/postgres-database.ts';
import { describeStore, storeFromEnv } from '../store/open-store.ts';
import { blobStoreFromEnv, describeBlobStore, openBlobStore } from '../blobs/open-blob-store.ts';
import { FsBlobStore } from '../blobs/fs-blob-store.ts';
import { MigrationRefused, migrateToPostgres } from './migrate-to-postgres.ts';
import { createServices } from '../services.ts';
import { SYSTEM } from '../access/actor.ts';
import { DomainError } from '../domain/domain-error.ts';
import { restoreDatabase, runningServerPid } from './restore.ts';
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { DEFAULT_TOMBSTONE_DAYS, purgeOldTombstones } from '../sync/sync-maintenance.ts';
import { lockDownDataDir, makeFilePrivate } from '../data-dir.ts';
import { activateServerKey, SERVER_KEY_FILE } from '../auth/server-key.ts';
import { describeDemo, type DemoInfo } from '../seed/demo-school.ts';
import { rosterReportLines } from '../../src/i18n/roster-report.ts';
import { makeTranslateCode } from '../../src/i18n/console-words.ts';

/**
 * The language of the reports the IT referent reads (import-roster): French, unless `--lang en`,
 * or no --lang and the environment's locale is English (LC_ALL, LC_MESSAGES or LANG = en…).
 */
function cliLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): 'fr' | 'en' {
  if (flag === 'en' || flag === 'fr') return flag;
  if (flag !== undefined) throw new UsageError('--lang must be fr or en.');
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^en([_.@-]|$)/i.test(locale) ? 'en' : 'fr';
}

const USAGE = `Usage: npm run admin -- <command> [options]
  create-school <name>
  create-user --role teacher|it --login <login> --name "<display name>" --password <password> [--school <id>]
  list-users [--school <id>]
  import-roster <file.csv | SIECLE export .zip/.xml> [--dry-run] [--archive-missing] [--lang fr|en] [--school <id>]
  enrol-code [--class "<class name or id>"] [--days <n>] [--uses <n>] [--school <id>]
  backup <file.tar>
  restore <file.tar>
  purge-tombstones [--days <n>]
  demo-accounts
  unlock <login | student id>
  set-password --login <login> --password <password>
  migrate-to-postgres [--blobs-to <dir>]   (DATABASE_URL: the target; media to the S3_* bucket, or <dir>, or kept in DATA_DIR/blobs)
DATA_DIR selects the data folder (default ./data); DATABASE_URL=postgres://… selects PostgreSQL
(backup and restore are for SQLite: use pg_dump and pg_restore).`;

class UsageError extends Error {}

/** The language refusals are printed in: the report's (import-roster), English for the other commands (not translated yet). */
let reportLang: 'fr' | 'en' = 'en';

/** An older backup was the bare database file (it starts with SQLite's magic header). */
function isSqliteFile(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    return head.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values: o, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      school: { type: 'string' }, role: { type: 'string' }, login: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' },
      'dry-run': { type: 'boolean' }, 'archive-missing': { type: 'boolean' }, class: { type: 'string' }, days: { type: 'string' }, uses: { type: 'string' }, 'blobs-to': { type: 'string' },
      note: { type: 'string' }, lang: { type: 'string' },
    },
  });
  const config = configFromEnv(process.env);
  const store = storeFromEnv(process.env, config.dataDir);
  const dbFile = join(config.dataDir, 'cartable.sqlite');
  lockDownDataDir(config.dataDir); // every file these commands create is 0600 too (server/data-dir.ts)
  activateServerKey(config.dataDir); // the same pepper as the server's (DATA_DIR/server.key)

  if (command === 'demo-accounts') {
    const demoFile = join(config.dataDir, 'demo-accounts.json');
    if (!existsSync(demoFile)) throw new UsageError(`There is no demo school in ${config.dataDir}.`);
    for (const line of describeDemo(JSON.parse(readFileSync(demoFile, 'utf8')) as DemoInfo)) console.log(line);
    return;
  }

  if (command === 'migrate-to-postgres') {
    if (store.kind !== 'postgres') throw new UsageError('migrate-to-postgres copies DATA_DIR\'s SQLite into PostgreSQL: set DATABASE_URL=postgres://… (the target database).');
    const media = blobStoreFromEnv(process.env, config.dataDir);
    const to = o['blobs-to'] ? resolve(o['blobs-to']) : null;
    if (media.kind === 's3' && to) throw new UsageError('--blobs-to and S3_* both name a target for the media: choose one.');
    const target = media.kind === 's3' ? openBlobStore(media) : to ? new FsBlobStore(to) : null;
    const targetLabel = media.kind === 's3' || to ? describeBlobStore(to ? { kind: 'fs', dir: to } : media).replace(/^Media: /, '') : `files kept in ${join(config.dataDir, 'blobs')}`;
    console.log(`Migrating ${dbFile} into ${describeStore(store).replace(/^Database: /, '')}; media: ${targetLabel}.`);
    const report = await migrateToPostgres({ dataDir: config.dataDir, databaseUrl: store.url, target, targetLabel }, (line) => console.log(line));
    if (!report.ok) process.exitCode = 1;
    return;
  }

  if (store.kind === 'postgres' && (command === 'backup' || command === 'restore')) {
    throw new UsageError(`${command} is for SQLite. On PostgreSQL: pg_dump --format=custom --file=cartable.dump "$DATABASE_URL", and pg_restore (server stopped) to restore; copy DATA_DIR/blobs too.`);
  }
  if (command === 'restore') {
    const from = positionals[0];
    if (!from) throw new UsageError('restore needs the backup file.');
    if (!existsSync(from)) throw new UsageError(`No such file: ${from}`);
    const pid = runningServerPid(config.dataDir);
    if (pid) throw new UsageError(`A Cartable server (pid ${pid}) is using ${config.dataDir}. Stop it first, then restore (or restore from the console).`);
    if (!isSqliteFile(from)) {
      const server = openSqliteServer(dbFile);
      try {
        const r = await server.backup.restore(SYSTEM, createReadStream(resolve(from)));
        console.log(`Restored ${from} (made ${r.createdAt}, schema ${r.schemaVersion}, ${r.schools.join(', ')}): ${r.counts.students ?? 0} students, ${r.counts.submissions ?? 0} submissions, ${r.blobs} files, ${r.builds} app builds.`);
        console.log(`The previous database is kept as ${r.previousKeptAs}.`);
      } finally {
        await server.db.close();
      }
      return;
    }
    const r = restoreDatabase(dbFile, resolve(from));
    console.log(`Restored ${from} (schema ${r.schemaVersion}) into ${dbFile}.`);
    if (r.backupOfPrevious) console.log(`The previous database is kept as ${r.backupOfPrevious}.`);
    console.log('Note: media files live in DATA_DIR/blobs and are not part of the database backup.');
    console.log(`Note: the passwords and secrets of this database only work with the server key it was made with (${join(config.dataDir, SERVER_KEY_FILE)}): keep that file, or put the original back.`);
    return;
  }

  const blobs = openBlobStore(blobStoreFromEnv(process.env, config.dataDir));
  const server = store.kind === 'sqlite'
    ? openSqliteServer(dbFile, { blobs })
    : createServices(await PostgresDatabase.open(store.url), blobs);
  try {
    const schoolId = async (): Promise<string> => {
      if (o.school) {
        const id = o.school;
        if (!(await server.school.listSchools()).some((s) => s.id === id)) throw new UsageError(`No school with id ${id}.`);
        return id;
      }
      const schools = await server.school.listSchools();
      if (schools.length === 1) return schools[0]!.id;
      if (schools.length === 0) throw new UsageError('There is no school yet: run create-school first.');
      throw new UsageError(`Several schools: choose one with --school (${schools.map((s) => `${s.id} ${s.name}`).join('; ')}).`);
    };

    switch (command) {
      case 'create-school': {
        const name = positionals.join(' ').trim();
        if (!name) throw new UsageError('create-school needs a name.');
        const s = await server.school.createSchool(name);
        console.log(`Created school "${s.name}" (id ${s.id}).`);
        return;
      }
      case 'create-user': {
        if (o.role !== 'teacher' && o.role !== 'it') throw new UsageError('--role must be teacher or it.');
        if (!o.login || !/^[A-Za-z0-9._@-]{2,100}$/.test(o.login)) throw new UsageError('--login: 2 to 100 letters, digits, dots, dashes.');
        if (!o.name) throw new UsageError('--name is required.');
        if (!o.password || o.password.length < 8) throw new UsageError('--password: at least 8 characters.');
        const u = await server.school.createUser(SYSTEM, { schoolId: await schoolId(), role: o.role, login: o.login, displayName: o.name, password: o.password });
        console.log(`Created ${u.role} ${u.login} (${u.displayName}, id ${u.id}).`);
        return;
      }
      case 'list-users': {
        for (const u of await server.school.listUsers(SYSTEM, await schoolId())) console.log(`${u.role.padEnd(8)} ${u.login.padEnd(24)} ${u.displayName}${u.archived ? ' (archived)' : ''}`);
        return;
      }
      case 'import-roster': {
        reportLang = cliLang(o.lang);
        const file = positionals[0];
        if (!file) throw new UsageError('import-roster needs a CSV file or a SIECLE export (.zip or .xml).');
        const dryRun = !!o['dry-run'];
        const bytes = readFileSync(file);
        const options = { archiveMissing: !!o['archive-missing'] };
        // The command line is its own confirmation: it imports what its own check just found (--dry-run stops there).
        const check = await server.roster.importRoster(SYSTEM, bytes, true, await schoolId(), options);
        const r = dryRun ? check : await server.roster.importRoster(SYSTEM, bytes, false, await schoolId(), { ...options, confirm: check.confirmation });
        for (const line of rosterReportLines(r, reportLang, !!o['archive-missing'])) console.log(line);
        return;
      }
      case 'enrol-code': {
        const sid = await schoolId();
        let classId: string | null = null;
        if (o.class) {
          const classes = await server.roster.listClasses(SYSTEM, sid);
          const c = classes.find((x) => x.id === o.class || x.name.toLowerCase() === o.class!.toLowerCase());
          if (!c) throw new UsageError(`No class "${o.class}" (classes: ${classes.map((x) => x.name).join(', ') || 'none'}).`);
          classId = c.id;
        }
        const it = (await server.school.listUsers(SYSTEM, sid)).find((u) => u.role === 'it' && !u.archived);
        if (!it) throw new UsageError('The school has no IT referent yet: create one with create-user --role it.');
        const days = o.days ? Number(o.days) : 7;
        const uses = o.uses ? Number(o.uses) : 30;
        if (!(days > 0 && days <= 366) || !(Number.isInteger(uses) && uses > 0 && uses <= 1000)) throw new UsageError('--days 1..366, --uses 1..1000.');
        const c = await server.devices.issueCode(SYSTEM, { schoolId: sid, classId, createdBy: it.id, ttlMs: days * 24 * 3600_000, uses });
        console.log(`Enrolment code: ${c.code} (valid until ${c.expiresAt}, ${c.usesLeft} tablets)`);
        return;
      }
      case 'backup': {
        const to = positionals[0];
        if (!to) throw new UsageError('backup needs a target file.');
        const m = await server.backup.writeArchive(SYSTEM, resolve(to));
        makeFilePrivate(resolve(to)); // it holds every hash and session of the school
        console.log(`Backed up to ${resolve(to)}: the database (${m.counts.students ?? 0} students, ${m.counts.submissions ?? 0} submissions) and ${m.blobs.length} files, ${m.builds?.length ?? 0} app builds, ${m.size} bytes. The server key ${join(config.dataDir, SERVER_KEY_FILE)} is not in the backup: keep a copy of it apart.`);
        return;
      }
      case 'unlock': {
        const who = positionals[0]?.trim().toLowerCase();
        if (!who) throw new UsageError('unlock needs a login or a student id.');
        const n = await server.auth.unlock(who);
        console.log(n ? `Unlocked ${who} (${n} lock-out counter(s) cleared).` : `${who} was not locked.`);
        return;
      }
      case 'set-password': {
        if (!o.login) throw new UsageError('--login is required.');
        if (!o.password || o.password.length < 8) throw new UsageError('--password: at least 8 characters.');
        const u = await server.db.read((tx) => tx.users.byLogin(o.login!));
        if (!u) throw new UsageError(`No user with login ${o.login}.`);
        await server.school.updateUser(SYSTEM, u.id, { password: o.password }); // ends their sessions too
        await server.auth.unlock(u.login);
        console.log(`New password set for ${u.login}; their open sessions are closed.`);
        return;
      }
      case 'register-build': {
        const dir = positionals[0];
        if (!dir) throw new UsageError('register-build needs the built app folder (vite build\'s dist/).');
        if (!existsSync(dir)) throw new UsageError(`No such folder: ${dir}`);
        const { build, created } = await registerBuildDir(server, config.dataDir, resolve(dir), { releaseNote: o.note });
        console.log(created
          ? `Registered build n° ${build.number} (version ${build.version}). Nobody runs it yet: the IT referent assigns it (console, « Mises à jour »).`
          : `This build is already registered: n° ${build.number} (version ${build.version}).`);
        return;
      }
      case 'list-builds': {
        for (const b of await server.updates.listBuilds(SYSTEM)) {
          console.log(`n° ${b.number}\t${b.version}\t${b.registeredAt}\t${b.rollbackOf ? 'rollback' : ''}\t${b.releaseNote.split('\n')[0] ?? ''}`);
        }
        return;
      }
      case 'purge-tombstones': {
        const days = o.days ? Number(o.days) : DEFAULT_TOMBSTONE_DAYS;
        if (!(Number.isInteger(days) && days >= 1 && days <= 3650)) throw new UsageError('--days 1..3650.');
        const r = await purgeOldTombstones(server.sync, days);
        console.log(r.watermark === null ? `No sync change is older than ${days} days: nothing to purge.` : `Purged ${r.removed} sync tombstones older than ${days} days (tablets with an older cursor will resync).`);
        return;
      }
      default:
        throw new UsageError(command ? `Unknown command "${command}".` : 'No command given.');
    }
  } finally {
    await server.db.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
  else if (err instanceof MigrationRefused) console.error(`Nothing copied: ${err.message}`);
  else if (err instanceof DomainError) console.error(reportLang === 'en' ? err.message : makeTranslateCode(reportLang)(err.code, err.params));
  else console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
