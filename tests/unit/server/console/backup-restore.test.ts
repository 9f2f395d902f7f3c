/** The bare-database backup of older versions and its restore (the archive: backup-archive.test.ts): validated, old database kept as .bak, refused while a server runs. */
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { openTestStore } from '../../../helpers/test-store.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { PID_FILE, restoreDatabase, validateBackup } from '../../../../server/cli/restore.ts';
import { listMigrations } from '../../../../server/store/sqlite/database.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cartable-backup-test-'));
  dirs.push(d);
  return d;
};
let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function oneSchool(dataDir: string) {
  t = await startTestApp({ dataDir });
  const school = await t.store.school.createSchool('Collège Jean Moulin');
  await t.store.school.createUser(SYSTEM, { schoolId: school.id, role: 'it', login: 'referent', displayName: 'IT', password: 'backup-pw-1' });
  await t.store.roster.createClass(SYSTEM, { name: '5e B' }, school.id);
  const token = (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'referent', password: 'backup-pw-1' } })).json().token as string;
  return { school, token };
}

// A locale that says no language (as on many servers): the import report is then French.
const admin = (dataDir: string, ...args: string[]) => adminWith({ LANG: 'C.UTF-8' }, dataDir, ...args);
const adminWith = (env: Record<string, string>, dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/admin.ts', ...args], { env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', ...env, DATABASE_URL: '', DATA_DIR: dataDir }, encoding: 'utf8' });

describe('backup and restore', () => {
  it('downloads a consistent backup while serving, and restores it (round trip), keeping the replaced database as .bak', async () => {
    const dataDir = tempDir();
    const { school } = await oneSchool(dataDir);
    // The bare database file older versions downloaded (the archive holds the same: backup-archive.test.ts).
    const backupFile = join(tempDir(), 'backup.sqlite');
    await t!.store.database.backup(backupFile);
    expect(validateBackup(backupFile)).toBe(Math.max(...listMigrations().map((m) => m.version)));

    // A change after the backup, then restore: the change is gone, and kept in the .bak.
    await t!.store.roster.createClass(SYSTEM, { name: '4e A' }, school.id);
    await t!.close();
    t = null;
    const dbFile = join(dataDir, 'cartable.sqlite');
    const r = restoreDatabase(dbFile, backupFile);
    expect(r.backupOfPrevious).toBe(`${dbFile}.bak`);
    const restored = openTestStore(dbFile);
    expect((await restored.roster.listClasses(SYSTEM, school.id)).map((c) => c.name)).toEqual(['5e B']);
    await restored.close();
    const bak = new Database(`${dbFile}.bak`, { readonly: true });
    expect(bak.prepare('SELECT name FROM classes ORDER BY name').pluck().all()).toEqual(['4e A', '5e B']);
    bak.close();
  });

  it('refuses files that are not a Cartable database, a newer schema, and a data dir in use', async () => {
    const dir = tempDir();
    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'definitely not sqlite, just text '.repeat(200));
    expect(() => validateBackup(junk)).toThrow(/Not a SQLite database/);
    const other = join(dir, 'other.sqlite');
    const o = new Database(other);
    o.exec('CREATE TABLE notes (x TEXT)');
    o.close();
    expect(() => validateBackup(other)).toThrow(/Not a Cartable database/);

    const dataDir = tempDir();
    await oneSchool(dataDir);
    const good = join(dir, 'good.sqlite');
    await t!.store.database.backup(good);
    await t!.close();
    t = null;
    const future = new Database(good);
    future.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, ?, ?)').run('999-future.sql', new Date().toISOString());
    future.close();
    expect(() => validateBackup(good)).toThrow(/newer server/);

    // A live process named in server.pid (this test runner) blocks the restore.
    writeFileSync(join(dataDir, PID_FILE), String(process.pid));
    expect(() => restoreDatabase(join(dataDir, 'cartable.sqlite'), good)).toThrow(/is using/);
    expect(existsSync(join(dataDir, 'cartable.sqlite.bak'))).toBe(false);
  });

  it('backs up with the admin CLI while the server holds the database open, and the CLI restore refuses garbage', async () => {
    const dataDir = tempDir();
    await oneSchool(dataDir);
    const to = join(tempDir(), 'cli-backup.tar');
    const out = admin(dataDir, 'backup', to);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/Backed up to .*cli-backup\.tar/);
    expect(readFileSync(to).subarray(257, 262).toString()).toBe('ustar');
    const bad = admin(dataDir, 'restore', '/etc/hostname');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/not a Cartable backup/);
  });

  it('runs the admin commands: create-school, create-user, list-users, import-roster --dry-run, enrol-code', () => {
    const dataDir = tempDir();
    expect(admin(dataDir, 'create-school', 'Collège', 'Victor', 'Hugo').stdout).toMatch(/Created school "Collège Victor Hugo"/);
    expect(admin(dataDir, 'create-user', '--role', 'it', '--login', 'it.vh', '--name', 'Mme IT', '--password', 'short').status).toBe(1);
    expect(admin(dataDir, 'create-user', '--role', 'it', '--login', 'it.vh', '--name', 'Mme IT', '--password', 'long-enough-1').status).toBe(0);
    expect(admin(dataDir, 'list-users').stdout).toMatch(/it\s+it\.vh\s+Mme IT/);
    const csv = join(dataDir, 'roster.csv');
    writeFileSync(csv, Buffer.from('Classe;Nom;Prénom\n6e A;Lefèvre;Zoé\n6e A;Lefèvre;Zoé\n', 'latin1'));
    // The IT referent reads the report in French, in the console's words (refusals from their codes).
    const dry = admin(dataDir, 'import-roster', csv, '--dry-run');
    expect(dry.stdout).toMatch(/^Vérification \(--dry-run\)\u00a0: rien n’a été modifié\./);
    expect(dry.stdout).toContain('Seront créés (1)\n  6e A — Lefèvre Zoé\n');
    expect(dry.stdout).toContain('Classes qui seront créées\u00a0: 6e A');
    expect(dry.stdout).toContain('Refusés (1)\n  Ligne 3\u00a0: Doublon\u00a0: le même élève figure déjà ligne 2.');
    expect(dry.stdout).not.toMatch(/would|student|line \d|refused/i);
    // English on request (--lang en, or an English locale), French when asked even then.
    const en = admin(dataDir, 'import-roster', csv, '--dry-run', '--lang', 'en');
    expect(en.stdout).toMatch(/^Check only \(--dry-run\): nothing has been changed\./);
    expect(en.stdout).toContain('Line 3: The same student is already on line 2.');
    expect(adminWith({ LANG: 'en_GB.UTF-8' }, dataDir, 'import-roster', csv, '--dry-run').stdout).toContain('Will be created (1)');
    expect(adminWith({ LANG: 'en_GB.UTF-8' }, dataDir, 'import-roster', csv, '--dry-run', '--lang', 'fr').stdout).toContain('Seront créés (1)');
    expect(admin(dataDir, 'import-roster', csv, '--lang', 'de').status).toBe(1);
    const real = admin(dataDir, 'import-roster', csv);
    expect(real.stdout).toMatch(/^Import terminé\./);
    expect(real.stdout).toContain('Créés (1)');
    expect(real.stdout).toContain('Codes secrets générés (à imprimer et distribuer)');
    expect(real.stdout).toMatch(/6e A\tLefèvre\tZoé\t\d{4}/);
    expect(admin(dataDir, 'enrol-code', '--class', '6E A').stdout).toMatch(/Enrolment code: [A-Z0-9]{4}-[A-Z0-9]{4}/);
    expect(admin(dataDir, 'enrol-code', '--class', 'nope').status).toBe(1);
    expect(admin(dataDir, 'frobnicate').stderr).toMatch(/Unknown command/);
  });
});
