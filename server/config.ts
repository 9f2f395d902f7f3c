/** Server configuration from the environment (README: Configuration). */
import { join, resolve } from 'node:path';
import { parseTrustProxy } from './http/trust-proxy.ts';

export interface ServerConfig {
  port: number;
  host: string;
  /** SQLite database and media live here (default ./data). */
  dataDir: string;
  /** Unfinished tus uploads (UPLOAD_DIR, default DATA_DIR/uploads): a volume every server process shares. */
  uploadDir: string;
  /** The built PWA to serve (default ./dist); absent in API-only tests. */
  staticDir: string | null;
  tlsCert: string | null;
  tlsKey: string | null;
  /** Log one JSON line per request (on by default, off in tests). */
  logRequests: boolean;
  /** The app version this server serves (a new server version is a new app version). */
  appVersion: string;
  /** Reverse proxies (addresses/CIDRs) whose X-Forwarded-* headers are believed (TRUST_PROXY); default none. */
  trustProxy: string[];
  /** A tablet not heard from for longer keeps the class's « Tout est synchronisé » off (TABLET_CONTACT_MINUTES, 15). */
  tabletContactMinutes: number;
  /** The console signs out after this long idle (CONSOLE_IDLE_MINUTES, 20). */
  consoleIdleMinutes: number;
}

/** Defaults: a kit is checked in the quarter-hour before it leaves; a mini-PC left alone for 20 min is someone else's. */
export const DEFAULT_TABLET_CONTACT_MINUTES = 15;
export const DEFAULT_CONSOLE_IDLE_MINUTES = 20;

function minutes(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 7 * 24 * 60) throw new Error(`${name} must be a number of minutes (1 to 10080), got "${v}"`);
  return n;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, appVersion = '0.0.0'): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const dataDir = resolve(env.DATA_DIR ?? './data');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    uploadDir: env.UPLOAD_DIR ? resolve(env.UPLOAD_DIR) : join(dataDir, 'uploads'),
    staticDir: resolve(env.STATIC_DIR ?? './dist'),
    tlsCert: env.TLS_CERT ?? null,
    tlsKey: env.TLS_KEY ?? null,
    logRequests: env.LOG_REQUESTS !== '0',
    appVersion,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    tabletContactMinutes: minutes(env, 'TABLET_CONTACT_MINUTES', DEFAULT_TABLET_CONTACT_MINUTES),
    consoleIdleMinutes: minutes(env, 'CONSOLE_IDLE_MINUTES', DEFAULT_CONSOLE_IDLE_MINUTES),
  };
}
