/**
 * A fresh PostgreSQL database for one test file. With DATABASE_URL (postgres://…) it is a new
 * database on that server, dropped at the end. Without it, a throwaway cluster: Debian's
 * `postgresql` package (initdb and pg_ctl from /usr/lib/postgresql/<v>/bin, or PG_BIN), in a
 * temporary directory on a free port, run as the `postgres` user when we are root (the server
 * refuses to run as root), durability off (a test cluster dies with the test). `stop()` (in
 * afterAll) stops it; if the test process exits without it, an exit hook stops it anyway.
 * The Debian package's own cluster (15/main, port 5432) is neither used nor needed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface TestPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env.DATABASE_URL;
  if (given && /^postgres(ql)?:\/\//.test(given)) return freshDatabaseOn(given);
  return throwawayCluster();
}

async function freshDatabaseOn(serverUrl: string): Promise<TestPostgres> {
  const name = `cartable_test_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), stop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions.map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'initdb')));
  if (!bin) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/<v>/bin/initdb): apt-get install -y postgresql, or set DATABASE_URL.');
  return bin;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

async function throwawayCluster(): Promise<TestPostgres> {
  const bin = postgresBin();
  const dir = mkdtempSync('/tmp/cartable-pg-');
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  /** A command line run as the cluster's owner. */
  const argv = (cmd: string[]): [string, string[]] =>
    asRoot ? ['su', ['postgres', '-s', '/bin/sh', '-c', cmd.map(quote).join(' ')]] : [cmd[0]!, cmd.slice(1)];
  const exec = async (cmd: string[]) => {
    const [file, args] = argv(cmd);
    await run(file, args);
  };
  const stopNow = () => {
    const [file, args] = argv([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']);
    try {
      execFileSync(file, args, { stdio: 'ignore' });
    } catch {
      // not running
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopNow);
  try {
    await exec([join(bin, 'initdb'), '--no-sync', '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '-D', data]);
    const port = await freePort();
    const opts = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    await exec([join(bin, 'pg_ctl'), '-D', data, '-o', opts, '-l', join(dir, 'server.log'), '-w', 'start']);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        process.removeListener('exit', stopNow);
        const [file, args] = argv([join(bin, 'pg_ctl'), '-D', data, '-m', 'fast', '-w', 'stop']);
        await run(file, args).catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    process.removeListener('exit', stopNow);
    stopNow();
    throw err;
  }
}
