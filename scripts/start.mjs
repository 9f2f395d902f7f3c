// `npm start`: builds the PWA when dist/ is missing or older than its sources, then starts
// the school server (which seeds the demo school on a first start).
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync, spawn } from 'node:child_process';

const SOURCES = ['index.html', 'vite.config.ts', 'package.json', 'src', 'public', 'workers'];
const STAMP = 'dist/index.html';

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newestMtime(join(path, f))), s.mtimeMs);
}

const stale = !existsSync(STAMP) || SOURCES.some((p) => newestMtime(p) > statSync(STAMP).mtimeMs);
if (stale) {
  console.log('Building the app (dist/ is missing or stale)…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));
