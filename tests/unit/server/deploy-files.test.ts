/**
 * deploy/compose.yaml and deploy/cartable.service cannot be run here (no container engine, no
 * systemd as PID 1), so their every Cartable setting is read back and given to the same
 * functions the server starts with (configFromEnv, storeFromEnv, blobStoreFromEnv): a variable
 * the server does not read, a value it would refuse, two processes on different DATA_DIR
 * volumes, a TRUST_PROXY that is not the proxy, a bucket the setup does not create — each fails
 * here. Where systemd-analyze exists, the unit is also verified by systemd itself.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configFromEnv } from '../../../server/config.ts';
import { storeFromEnv } from '../../../server/store/open-store.ts';
import { blobStoreFromEnv } from '../../../server/blobs/open-blob-store.ts';

const root = join(import.meta.dirname, '../../..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const serverSource = (dir = join(root, 'server')): string =>
  readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? serverSource(join(dir, e.name)) : e.name.endsWith('.ts') ? readFileSync(join(dir, e.name), 'utf8') : '')).join('\n');
const source = serverSource();
/** The server reads this variable somewhere (env.X, env['X'] or the name in a list of them). */
const serverReads = (key: string) => new RegExp(`env\\.${key}\\b|['"\`]${key}['"\`]`).test(source);

const example = Object.fromEntries(read('deploy/env.example').split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
/** Compose's interpolation: ${VAR}, ${VAR:?message}, $$ → $. */
const interpolate = (v: string) => v.replace(/\$\{([A-Z_]+)(:\?[^}]*)?\}/g, (_m, k: string) => {
  if (!(k in example)) throw new Error(`${k} is used by compose.yaml but not in env.example`);
  return example[k]!;
}).replace(/\$\$/g, '$');

interface ComposeService { image?: string; build?: unknown; environment?: Record<string, string>; volumes?: string[]; networks?: Record<string, { ipv4_address?: string }> | string[]; entrypoint?: string[]; depends_on?: unknown }

describe('deploy/compose.yaml', () => {
  const compose = parse(read('deploy/compose.yaml'), { merge: true }) as { services: Record<string, ComposeService>; networks: { cartable: { ipam: { config: { subnet: string }[] } } }; volumes: Record<string, unknown> };
  const s = compose.services;
  const envOf = (name: string) => Object.fromEntries(Object.entries(s[name]!.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));

  it('runs two Cartable processes with the same settings, each one the server reads and accepts', () => {
    const one = envOf('cartable-1');
    expect(envOf('cartable-2')).toEqual(one);
    for (const key of Object.keys(one)) expect(serverReads(key), `the server does not read ${key}`).toBe(true);
    const config = configFromEnv(one);
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', dataDir: '/data' });
    expect(storeFromEnv(one, config.dataDir)).toEqual({ kind: 'postgres', url: `postgres://cartable:${example.POSTGRES_PASSWORD}@postgres:5432/cartable` });
    expect(blobStoreFromEnv(one, config.dataDir)).toMatchObject({
      kind: 's3',
      settings: { endpoint: 'http://minio:9000', bucket: 'cartable', forcePathStyle: true, accessKeyId: example.MINIO_ROOT_USER, secretAccessKey: example.MINIO_ROOT_PASSWORD },
    });
    expect(one.DEMO).toBe('0'); // two processes on an empty database must not both seed a demo
  });

  it('shares ONE volume as DATA_DIR (server.key, uploads/) between the two processes', () => {
    const mounts = ['cartable-1', 'cartable-2'].map((n) => s[n]!.volumes!.find((v) => v.endsWith(`:${envOf(n).DATA_DIR}`)));
    expect(mounts[0]).toBe('cartable-data:/data');
    expect(mounts[1]).toBe(mounts[0]);
    expect(compose.volumes).toHaveProperty('cartable-data');
  });

  it('trusts exactly the proxy, whose address is fixed in the network, and the proxy sends to both processes', () => {
    const trusted = configFromEnv(envOf('cartable-1')).trustProxy;
    const caddy = s.caddy!;
    const ip = (caddy.networks as Record<string, { ipv4_address: string }>).cartable!.ipv4_address;
    expect(trusted).toEqual([ip]);
    const subnet = compose.networks.cartable.ipam.config[0]!.subnet;
    expect(ip.split('.').slice(0, 3).join('.')).toBe(subnet.split('/')[0]!.split('.').slice(0, 3).join('.'));
    const caddyfile = read('deploy/Caddyfile');
    expect(caddyfile).toMatch(new RegExp(`reverse_proxy cartable-1:${envOf('cartable-1').PORT} cartable-2:${envOf('cartable-2').PORT}`));
    expect(caddyfile).not.toMatch(/trusted_proxies/); // a client's own X-Forwarded-For is not passed on
    expect(caddy.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
    // The public name comes from the .env through Caddy's environment.
    expect(caddyfile).toMatch(/^\{\$CARTABLE_HOST\} \{$/m);
    expect(envOf('caddy').CARTABLE_HOST).toBe(example.CARTABLE_HOST);
  });

  it('checks health where the server answers it (tests/unit/server/health.test.ts), on the port it listens on', () => {
    expect(read('deploy/Caddyfile')).toMatch(/^\s*health_uri \/api\/health$/m);
    const check = (s['cartable-1'] as { healthcheck?: { test: string[] } }).healthcheck!.test.join(' ');
    expect(check).toContain(`http://127.0.0.1:${envOf('cartable-1').PORT}/api/health`);
    expect(source).toMatch(/['"]\/api\/health['"]/);
  });

  it('runs PostgreSQL 15 with the user and database of DATABASE_URL, and creates the bucket S3_BUCKET names', () => {
    expect(s.postgres!.image).toBe('postgres:15');
    const pg = envOf('postgres');
    const url = new URL(envOf('cartable-1').DATABASE_URL!);
    expect([url.username, url.password, url.pathname.slice(1)]).toEqual([pg.POSTGRES_USER, pg.POSTGRES_PASSWORD, pg.POSTGRES_DB]);
    const setup = interpolate(s.bucket!.entrypoint!.join(' '));
    expect(setup).toContain(`mc mb --ignore-existing s3/${envOf('cartable-1').S3_BUCKET}`);
    expect(setup).toContain(`mc version enable s3/${envOf('cartable-1').S3_BUCKET}`);
    expect(envOf('minio').MINIO_ROOT_USER).toBe(envOf('cartable-1').S3_ACCESS_KEY_ID);
  });
});

describe('deploy/Dockerfile', () => {
  const docker = read('deploy/Dockerfile');
  const env = Object.fromEntries([...docker.matchAll(/^ENV (.*)$/gm)].flatMap((m) => m[1]!.split(/\s+/).map((kv) => kv.split(/=(.*)/s).slice(0, 2) as [string, string])));

  it('is the image compose builds, its ENV read by the server and agreeing with compose, its command the server', () => {
    const compose = parse(read('deploy/compose.yaml'), { merge: true }) as { services: Record<string, { build?: { context: string; dockerfile: string }; environment?: Record<string, string>; volumes?: string[] }> };
    for (const name of ['cartable-1', 'cartable-2']) expect(compose.services[name]!.build).toEqual({ context: '..', dockerfile: 'deploy/Dockerfile' });
    expect(Object.keys(env).sort()).toEqual(['DATA_DIR', 'HOST', 'PORT']);
    for (const key of Object.keys(env)) expect(serverReads(key), `the server does not read ${key}`).toBe(true);
    const composeEnv = compose.services['cartable-1']!.environment!;
    for (const key of Object.keys(env)) expect(String(composeEnv[key]), key).toBe(env[key]);
    expect(configFromEnv(env)).toMatchObject({ dataDir: '/data', host: '0.0.0.0', port: 8080 });
    // The volume is mounted where the image made DATA_DIR, owned by the user the server runs as.
    expect(compose.services['cartable-1']!.volumes).toContain(`cartable-data:${env.DATA_DIR}`);
    expect(docker).toMatch(new RegExp(`chown node:node ${env.DATA_DIR}\\b`));
    expect(docker).toMatch(/^USER node$/m);
    expect(docker).toMatch(/^EXPOSE 8080$/m);
    expect(JSON.parse(/^CMD (.*)$/m.exec(docker)![1]!)).toEqual(['node', '--import', 'tsx', 'server/main.ts']);
    expect(docker).toMatch(/^RUN npm run build/m); // the app the server serves (dist/)
    expect(read('deploy/Dockerfile.dockerignore')).toMatch(/^deploy\/\.env$/m); // the passwords stay out of the image
  });
});

describe('deploy/cartable.service', () => {
  const unit = read('deploy/cartable.service');
  const service = unit.slice(unit.indexOf('[Service]'), unit.indexOf('[Install]'));
  const values = (key: string) => [...service.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!);
  const env = Object.fromEntries(values('Environment').map((e) => e.split(/=(.*)/s).slice(0, 2) as [string, string]));

  it('starts the server on SQLite and files in DATA_DIR, with settings the server reads and accepts', () => {
    for (const key of Object.keys(env).filter((k) => k !== 'PATH')) expect(serverReads(key), `the server does not read ${key}`).toBe(true);
    const config = configFromEnv(env);
    expect(config).toMatchObject({ dataDir: '/var/lib/cartable', port: 443, tlsCert: '/etc/cartable/cert.pem', tlsKey: '/etc/cartable/key.pem' });
    expect(storeFromEnv(env, config.dataDir)).toEqual({ kind: 'sqlite', file: '/var/lib/cartable/cartable.sqlite' });
    expect(blobStoreFromEnv(env, config.dataDir)).toEqual({ kind: 'fs', dir: '/var/lib/cartable/blobs' });
    expect(values('ExecStart')).toEqual([`${env.PATH!.split(':')[0]}/node --import tsx server/main.ts`]);
    expect(read('package.json')).toContain('"server": "node --import tsx server/main.ts"');
  });

  it('runs as its own user, restarts on failure, and may write DATA_DIR only', () => {
    expect(values('User')).toEqual(['cartable']);
    expect(values('WorkingDirectory')).toEqual(['/opt/cartable']);
    expect(values('Restart')).toEqual(['on-failure']);
    expect(values('ProtectSystem')).toEqual(['strict']);
    expect(values('ReadWritePaths')).toEqual([env.DATA_DIR]);
    expect(values('StateDirectory').map((d) => `/var/lib/${d}`)).toEqual([env.DATA_DIR]);
    expect(values('NoNewPrivileges')).toEqual(['yes']);
    expect(values('AmbientCapabilities')).toEqual(['CAP_NET_BIND_SERVICE']); // port 443 without root
    expect(values('MemoryDenyWriteExecute')).toEqual([]); // V8's JIT would crash under it
  });

  it('is a unit systemd accepts (systemd-analyze verify, where installed)', () => {
    const analyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find(existsSync);
    if (!analyze) return; // the parse above still holds; CI's Debian has systemd
    const dir = mkdtempSync(join(tmpdir(), 'cartable-unit-'));
    try {
      // Only what this machine lacks is swapped: the Node binary and the checkout.
      const local = unit.replace(/^ExecStart=\S+/m, `ExecStart=${process.execPath}`).replace(/^WorkingDirectory=.*$/m, `WorkingDirectory=${root}`);
      writeFileSync(join(dir, 'cartable.service'), local);
      const out = execFileSync(analyze, ['verify', join(dir, 'cartable.service')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(out).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
