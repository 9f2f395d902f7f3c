/**
 * The files of app builds kept by the server (issue 16): each build is copied once into
 * DATA_DIR/builds/<sha256 of its content>/ and never changed there — its hashed assets, its
 * own sw.js with its precache list, its index.html. Several are served side by side
 * (http/static.ts picks one per tablet). A copy goes to a temporary folder first, then is
 * renamed into place: a crash never leaves half a build under its final name, and processes
 * sharing DATA_DIR that copy the same build at once keep the first complete copy.
 */
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fail } from '../domain/domain-error.ts';
import { makeTreePrivate } from '../data-dir.ts';

/** Where the builds live under DATA_DIR. */
export const buildsRoot = (dataDir: string) => join(dataDir, 'builds');

/** The folder of a stored build (`files`: its content hash). */
export const buildFilesDir = (dataDir: string, files: string) => join(buildsRoot(dataDir), files);

/** Every file of a build folder, as `/`-separated paths (dot files left out), sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (s.isFile()) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The version stamped in a build's index.html (<meta name="cartable-version">), or null. */
export function versionOfIndex(html: string): string | null {
  return /<meta\s+name="cartable-version"\s+content="([^"]{1,64})"/.exec(html)?.[1] ?? null;
}

/** The sync protocol stamped in a build's index.html (<meta name="cartable-protocol">); builds before the stamp speak 1. */
export function protocolOfIndex(html: string): number | null {
  const m = /<meta\s+name="cartable-protocol"\s+content="([^"]{0,8})"/.exec(html);
  if (!m) return 1;
  return /^[1-9][0-9]{0,3}$/.test(m[1]!) ? Number(m[1]) : null;
}

export interface BuildContent {
  version: string;
  /** The sync protocol it speaks (a server registers only builds in its range: src/protocol/wire.ts). */
  protocol: number;
  /** SHA-256 over every file's path and bytes. */
  files: string;
}

/** Reads a built app folder (vite build's dist/): refused `build_invalid` without index.html, sw.js or a version (or with an unreadable protocol). */
export function readBuild(dir: string): BuildContent {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html')) || !existsSync(join(root, 'sw.js'))) throw fail('build_invalid');
  const index = readFileSync(join(root, 'index.html'), 'utf8');
  const version = versionOfIndex(index);
  const protocol = protocolOfIndex(index);
  if (!version || protocol === null) throw fail('build_invalid');
  const hash = createHash('sha256');
  for (const f of listFiles(root)) {
    hash.update(f).update('\0').update(createHash('sha256').update(readFileSync(join(root, f))).digest('hex')).update('\n');
  }
  return { version, protocol, files: hash.digest('hex') };
}

/** Temp folders older than this were left by a process that died while copying. */
const STALE_TMP_MS = 60 * 60 * 1000;

/** A folder this code placed whole (its sw.js is copied with the rest, and renamed in with it). */
export const isComplete = (dir: string) => existsSync(join(dir, 'sw.js'));

/**
 * Copies `source` to `target` through `tmp` (renamed into place: a reader sees the whole build
 * or nothing). Several processes may share DATA_DIR and start at once: when another one put the
 * same content in place first (same content, same name), its copy is kept — it may be serving
 * it — and ours is dropped. Only a folder without its sw.js (not a build this code placed) is
 * replaced.
 */
export function placeBuild(source: string, tmp: string, target: string): void {
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const from = resolve(source);
  try {
    cpSync(from, tmp, { recursive: true, filter: (src) => !src.slice(from.length).split(sep).some((p) => p.startsWith('.')) });
    makeTreePrivate(tmp); // DATA_DIR's rule (data-dir.ts): the copy took dist/'s 0644 and 0755
    try {
      renameSync(tmp, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      if (isComplete(target)) return; // another process's copy of the same content
      rmSync(target, { recursive: true, force: true });
      renameSync(tmp, target);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Removes temp folders left by a process that died while copying (older than an hour: never one in progress). */
function removeStaleTemps(root: string) {
  for (const name of readdirSync(root)) {
    if (!name.startsWith('.tmp-')) continue;
    const p = join(root, name);
    try {
      if (Date.now() - statSync(p).mtimeMs > STALE_TMP_MS) rmSync(p, { recursive: true, force: true });
    } catch {
      // gone meanwhile (its process finished)
    }
  }
}

/** Copies a build into DATA_DIR/builds (once per content) and returns what it holds. */
export function storeBuildFiles(dataDir: string, dir: string): BuildContent {
  const content = readBuild(dir);
  storeCheckedBuild(dataDir, dir, content.files);
  return content;
}

/** Copies the build in `dir`, whose content hash `files` the caller has checked, into DATA_DIR/builds unless it is there (a restore's staged builds). */
export function storeCheckedBuild(dataDir: string, dir: string, files: string): void {
  const target = buildFilesDir(dataDir, files);
  if (isComplete(target)) return;
  mkdirSync(buildsRoot(dataDir), { recursive: true, mode: 0o700 });
  removeStaleTemps(buildsRoot(dataDir));
  placeBuild(dir, join(buildsRoot(dataDir), `.tmp-${randomUUID()}`), target);
}

/**
 * The builds whose files this process cannot find (content hashes): a DATA_DIR that is not the
 * one shared by every process, or a database restored on a machine without DATA_DIR/builds.
 * Said at start (main.ts); registering the same dist/ again puts its folder back (same content,
 * same name).
 */
export function missingBuildFiles(dataDir: string, files: string[]): string[] {
  return [...new Set(files)].filter((f) => !isComplete(buildFilesDir(dataDir, f)));
}
