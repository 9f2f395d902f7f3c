/**
 * Serves the built PWA (dist/) from the school server.
 * - Hashed build output (/assets/*) never changes under its name: cached for a year, immutable.
 * - Everything else (index.html, sw.js, manifest, icons) is `no-cache`: revalidated by ETag
 *   every time, so a new server version is seen at once by the service worker's update check.
 * - SPA fallback: a GET navigation to an unknown path (not /api, /files, /media, /assets)
 *   gets index.html; anything else unknown stays a JSON 404.
 * The directory is read on every request (no file list at startup), so replacing its
 * contents — or the symlink it is reached by — deploys a new version without a restart.
 * Builds kept by the server (issue 16, server/updates/): when the school runs a registered
 * build, each tablet — named by its device cookie (updates/device-cookie.ts) — is served its
 * own build's shell; its sw.js ends with the build's id (`self.__CARTABLE_BUILD__`), so a
 * rollback (older files, new id) is a new script the installed worker takes as an update.
 * Hashed assets are looked up in every kept build (same name, same bytes). `staticDir`
 * answers when nothing is registered.
 * Compression is global (server/app.ts).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { readFile, readdir } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UpdateService } from '../updates/update-service.ts';
import { buildFilesDir, buildsRoot } from '../updates/build-files.ts';
import { deviceCookie } from '../updates/device-cookie.ts';

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const REVALIDATE_CACHE = 'no-cache';

/** Paths the server answers itself: never the app shell. */
const SERVER_PREFIXES = ['/api/', '/files/', '/media/'];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticOptions {
  /** The built app (config.staticDir); nothing is served when null or missing. */
  staticDir: string | null;
  /** The builds kept under DATA_DIR/builds and who runs which (issue 16). */
  builds?: { dataDir: string; updates: UpdateService };
}

/** The file under `root` for a URL path, or null for traversal attempts, dotfiles and odd bytes. */
function fileFor(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return null;
  const file = resolve(root, `.${decoded}`);
  return file.startsWith(root + sep) ? file : null;
}

async function fileStats(file: string): Promise<Stats | null> {
  try {
    const s = await stat(file);
    return s.isFile() ? s : null;
  } catch {
    return null;
  }
}

/**
 * A file that is revalidated (index.html, sw.js, the manifest, icons) is named by its content:
 * its ETag is a digest of its bytes. Size and mtime are not enough — two builds of the same
 * size written in the same millisecond (the e2e set-up builds v1 and v2 in parallel; a copy that
 * keeps mtimes) answered 304 to the new service worker, and the update was never seen. These
 * files are small and asked rarely; hashed assets (/assets/*) keep the cheap one: their name is
 * their content.
 */
const contentTag = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('base64url').slice(0, 27);

async function sendFile(req: FastifyRequest, reply: FastifyReply, file: string, s: Stats, cacheControl: string) {
  const immutable = cacheControl === IMMUTABLE_CACHE;
  const bytes = immutable ? null : await readFile(file).catch(() => null);
  const etag = bytes ? `"${contentTag(bytes)}"` : `W/"${s.size.toString(16)}-${Math.floor(s.mtimeMs).toString(16)}"`;
  reply
    .header('Cache-Control', cacheControl)
    .header('ETag', etag)
    .header('Last-Modified', s.mtime.toUTCString())
    .type(CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
  if (req.headers['if-none-match'] === etag) return reply.status(304).send();
  if (req.method === 'HEAD') return reply.header('Content-Length', bytes ? bytes.length : s.size).send();
  return reply.send(bytes ?? createReadStream(file));
}

/** A build's sw.js, stamped with the build's id (the same files under a new id are a new script). */
async function sendServiceWorker(req: FastifyRequest, reply: FastifyReply, file: string, buildId: string) {
  const body = `${await readFile(file, 'utf8')}\n;self.__CARTABLE_BUILD__ = ${JSON.stringify(buildId)};\n`;
  const etag = `"sw-${contentTag(body)}"`;
  reply.header('Cache-Control', REVALIDATE_CACHE).header('ETag', etag).type(CONTENT_TYPES['.js']!);
  if (req.headers['if-none-match'] === etag) return reply.status(304).send();
  if (req.method === 'HEAD') return reply.header('Content-Length', Buffer.byteLength(body)).send();
  return reply.send(body);
}

/** A hashed asset of any kept build (a tablet between two builds may ask for either's). */
async function assetOfAnyBuild(dataDir: string, path: string): Promise<{ file: string; s: Stats } | null> {
  const names = await readdir(buildsRoot(dataDir)).catch(() => [] as string[]);
  for (const name of names) {
    if (!/^[0-9a-f]{64}$/.test(name)) continue;
    const file = fileFor(resolve(buildFilesDir(dataDir, name)), path);
    const s = file ? await fileStats(file) : null;
    if (file && s) return { file, s };
  }
  return null;
}

const isNavigation = (req: FastifyRequest) =>
  req.headers['sec-fetch-mode'] === 'navigate' || (req.headers.accept ?? '').includes('text/html');

/** Registers the static routes (GET/HEAD `/*`). Register last-but-not-least: specific routes win anyway. */
export async function staticFiles(app: FastifyInstance, opts: StaticOptions) {
  const hasDist = !!opts.staticDir && existsSync(opts.staticDir);
  if (!hasDist && !opts.builds) return;
  const distRoot = hasDist ? resolve(opts.staticDir!) : null;
  const { builds } = opts;

  app.get('/*', async (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (SERVER_PREFIXES.some((p) => path.startsWith(p) || path === p.slice(0, -1))) return reply.callNotFound();
    const isAsset = path.startsWith('/assets/');
    // The shell (not the immutable assets) is the tablet's own build's.
    const shell = builds && !isAsset ? await builds.updates.shellBuild(deviceCookie(req)) : null;
    const root = shell ? resolve(buildFilesDir(builds!.dataDir, shell.build.files)) : distRoot;
    const rel = path === '/' ? '/index.html' : path;
    const file = root ? fileFor(root, rel) : null;
    const s = file ? await fileStats(file) : null;
    if (file && s) {
      if (shell && rel === '/sw.js') {
        if (shell.deviceId) await builds!.updates.recordServed(shell.deviceId, shell.build.id);
        return sendServiceWorker(req, reply, file, shell.build.id);
      }
      return sendFile(req, reply, file, s, isAsset ? IMMUTABLE_CACHE : REVALIDATE_CACHE);
    }
    if (isAsset && builds) {
      const found = await assetOfAnyBuild(builds.dataDir, path);
      if (found) return sendFile(req, reply, found.file, found.s, IMMUTABLE_CACHE);
    }
    if (isAsset || !isNavigation(req) || !root) return reply.callNotFound();
    // A build whose folder this process cannot find (main.ts says so at start): its sw.js is a
    // 404 above (an installed worker keeps what it has); a page still opens, from dist/.
    for (const dir of shell && distRoot ? [root, distRoot] : [root]) {
      const index = resolve(dir, 'index.html');
      const indexStats = await fileStats(index);
      if (indexStats) return sendFile(req, reply, index, indexStats, REVALIDATE_CACHE);
    }
    return reply.callNotFound();
  });
}
