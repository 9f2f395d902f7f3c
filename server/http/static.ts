/**
 * Serves the built PWA (dist/) from the school server.
 * - Hashed build output (/assets/*) never changes under its name: cached for a year, immutable.
 * - Everything else (index.html, sw.js, manifest, icons) is `no-cache`: revalidated by ETag
 *   every time, so a new server version is seen at once by the service worker's update check.
 * - SPA fallback: a GET navigation to an unknown path (not /api, /files, /media, /assets)
 *   gets index.html; anything else unknown stays a JSON 404.
 * The directory is read on every request (no file list at startup), so replacing its
 * contents — or the symlink it is reached by — deploys a new version without a restart.
 * Compression is global (server/app.ts).
 */
import { createReadStream, existsSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

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

function sendFile(req: FastifyRequest, reply: FastifyReply, file: string, s: Stats, cacheControl: string) {
  const etag = `W/"${s.size.toString(16)}-${Math.floor(s.mtimeMs).toString(16)}"`;
  reply
    .header('Cache-Control', cacheControl)
    .header('ETag', etag)
    .header('Last-Modified', s.mtime.toUTCString())
    .type(CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
  if (req.headers['if-none-match'] === etag) return reply.status(304).send();
  if (req.method === 'HEAD') return reply.header('Content-Length', s.size).send();
  return reply.send(createReadStream(file));
}

const isNavigation = (req: FastifyRequest) =>
  req.headers['sec-fetch-mode'] === 'navigate' || (req.headers.accept ?? '').includes('text/html');

/** Registers the static routes (GET/HEAD `/*`). Register last-but-not-least: specific routes win anyway. */
export async function staticFiles(app: FastifyInstance, opts: StaticOptions) {
  if (!opts.staticDir || !existsSync(opts.staticDir)) return;
  const root = resolve(opts.staticDir);

  app.get('/*', async (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (SERVER_PREFIXES.some((p) => path.startsWith(p) || path === p.slice(0, -1))) return reply.callNotFound();
    const isAsset = path.startsWith('/assets/');
    const file = fileFor(root, path === '/' ? '/index.html' : path);
    const s = file ? await fileStats(file) : null;
    if (file && s) return sendFile(req, reply, file, s, isAsset ? IMMUTABLE_CACHE : REVALIDATE_CACHE);
    if (isAsset || !isNavigation(req)) return reply.callNotFound();
    const index = resolve(root, 'index.html');
    const indexStats = await fileStats(index);
    if (!indexStats) return reply.callNotFound();
    return sendFile(req, reply, index, indexStats, REVALIDATE_CACHE);
  });
}
