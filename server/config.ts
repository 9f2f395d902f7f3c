/** Server configuration from the environment (README: Configuration). */
import { resolve } from 'node:path';
import { parseTrustProxy } from './http/trust-proxy.ts';

export interface ServerConfig {
  port: number;
  host: string;
  /** SQLite database and media live here (default ./data). */
  dataDir: string;
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
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, appVersion = '0.0.0'): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    staticDir: resolve(env.STATIC_DIR ?? './dist'),
    tlsCert: env.TLS_CERT ?? null,
    tlsKey: env.TLS_KEY ?? null,
    logRequests: env.LOG_REQUESTS !== '0',
    appVersion,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}
