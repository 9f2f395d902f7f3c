/**
 * Builds the school server (Fastify 5): JSON-schema validation of every request (TypeBox
 * schemas from src/protocol), one error shape, security headers, request log, auth, the API
 * routes and the built PWA. Routes call the services (server/services.ts); `buildApp` is what
 * tests run in-process.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import compress from '@fastify/compress';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Services } from './services.ts';
import type { ServerConfig } from './config.ts';
import { installErrorHandlers, type InternalErrorLog } from './http/error-handler.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { installRequestLog } from './http/request-log.ts';
import { fastifyTrustProxy } from './http/trust-proxy.ts';
import { authPlugin } from './auth/auth-plugin.ts';
import { activateServerKey } from './auth/server-key.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { consoleRoutes } from './routes/console-routes.ts';
import { mediaRoutes } from './routes/media-routes.ts';
import { paperRoutes } from './routes/paper-routes.ts';
import { staticFiles } from './http/static.ts';
import { syncRoutes } from './routes/sync-routes.ts';

export interface AppDeps {
  services: Services;
  config: Pick<ServerConfig, 'dataDir' | 'staticDir' | 'logRequests' | 'appVersion'> & Partial<Pick<ServerConfig, 'trustProxy'>>;
  /** Extra Fastify options (https, for instance). */
  fastify?: FastifyServerOptions & { https?: { cert: Buffer; key: Buffer } };
  /** Where 500s are logged (default: one JSON line on stderr). */
  logInternalError?: (entry: InternalErrorLog) => void;
}

export type App = FastifyInstance;

/** JSON bodies are small (answers are text; media goes by tus): 1 MiB is plenty. */
export const JSON_BODY_LIMIT = 1024 * 1024;

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    logger: false,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: fastifyTrustProxy(deps.config.trustProxy ?? []), // TRUST_PROXY: X-Forwarded-* only from these
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    ...deps.fastify,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const { services } = deps;
  activateServerKey(deps.config.dataDir); // DATA_DIR/server.key: the pepper of every password and secret hash
  installErrorHandlers(app, deps.logInternalError);
  installSecurityHeaders(app);
  if (deps.config.logRequests) installRequestLog(app);
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(authPlugin, { auth: services.auth });

  await app.register(healthRoutes, { appVersion: deps.config.appVersion });
  await app.register(authRoutes, { services });
  // --- area routes are registered below (one line per area) ---
  await app.register(consoleRoutes, { services }); // school, people, roster, devices, content, marking
  await app.register(syncRoutes, { services }); // sync: push / pull
  await app.register(mediaRoutes, { services, dataDir: deps.config.dataDir }); // media: tus uploads, attachments, lesson media
  await app.register(paperRoutes, { services }); // paper homework photographed back
  await app.register(staticFiles, { staticDir: deps.config.staticDir }); // PWA: the built app (dist/), SPA fallback

  return app;
}
