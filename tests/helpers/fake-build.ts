/** A stand-in app build (what `vite build` leaves in dist/) for the tests of the builds the server keeps. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FakeBuildOptions {
  /** Stamps <meta name="cartable-protocol"> (a build without it speaks protocol 1). */
  protocol?: number;
  /** How many hashed assets besides the first (default 0). */
  chunks?: number;
  /** The service worker's text (default: a comment naming the version). */
  sw?: string;
}

/** `root/name`: index.html stamped with `version`, its sw.js and hashed assets. */
export function fakeBuild(root: string, name: string, version: string, options: FakeBuildOptions = {}): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'assets'), { recursive: true });
  const protocol = options.protocol === undefined ? '' : `<meta name="cartable-protocol" content="${options.protocol}">`;
  writeFileSync(join(dir, 'index.html'), `<!doctype html><meta name="cartable-version" content="${version}">${protocol}<div id="app"></div>`);
  writeFileSync(join(dir, 'sw.js'), options.sw ?? `/* sw ${version} */`);
  writeFileSync(join(dir, 'assets', `index-${name}.js`), `console.log(${JSON.stringify(version)});`);
  for (let i = 0; i < (options.chunks ?? 0); i++) writeFileSync(join(dir, 'assets', `chunk-${i}-${name}.js`), `export const v = ${JSON.stringify(`${version}:${i}`)};`);
  return dir;
}
