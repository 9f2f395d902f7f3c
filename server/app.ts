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
import { consoleSettingsRoutes } from './routes/console-settings-routes.ts';
import { installApiNoStore } from './http/api-no-store.ts';
import { installProtocolHeader } from './http/protocol-header.ts';
import type { ProtocolRange } from '../src/protocol/wire.ts';
import { mediaRoutes } from './routes/media-routes.ts';
import { paperRoutes } from './routes/paper-routes.ts';
import { followUpRoutes } from './routes/follow-up-routes.ts';
import { staticFiles } from './http/static.ts';
import { syncRoutes } from './routes/sync-routes.ts';
import { PublishScheduler, type PublishSchedulerOptions } from './content/publish-scheduler.ts';
import { liveRoutes } from './routes/live-routes.ts';
import { updateRoutes } from './routes/update-routes.ts';
import { deviceCookiePlugin } from './updates/device-cookie.ts';

export interface AppDeps {
  services: Services;
  config: Pick<ServerConfig, 'dataDir' | 'staticDir' | 'logRequests' | 'appVersion'> & Partial<Pick<ServerConfig, 'trustProxy' | 'uploadDir' | 'tabletContactMinutes' | 'consoleIdleMinutes'>>;
  /** Extra Fastify options (https, for instance). */
  fastify?: FastifyServerOptions & { https?: { cert: Buffer; key: Buffer } };
  /** Where 500s are logged (default: one JSON line on stderr). */
  logInternalError?: (entry: InternalErrorLog) => void;
  /** The publish scheduler's options (publish-scheduler.ts); it starts when the app is ready and stops when it closes. */
  publishScheduler?: PublishSchedulerOptions;
  /** Tests only: a server of another sync protocol range (default: this build's, src/protocol/wire.ts). */
  protocol?: ProtocolRange;
  /** Where the app's scheduled jobs (the expired-upload sweep) say what they did (default: nowhere). */
  log?: (line: string) => void;
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
  installApiNoStore(app); // nothing personal stays in a shared browser's cache
  installProtocolHeader(app, deps.protocol); // the sync protocol's handshake (issue 16: src/protocol/wire.ts)
  if (deps.config.logRequests) installRequestLog(app);
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(authPlugin, { auth: services.auth });
  await app.register(deviceCookiePlugin); // a tablet's own shell requests name it (issue 16: updates/device-cookie.ts)

  await app.register(healthRoutes, { appVersion: deps.config.appVersion, protocol: deps.protocol });
  await app.register(authRoutes, { services });
  // --- area routes are registered below (one line per area) ---
  await app.register(consoleRoutes, { services }); // school, people, roster, devices, content, marking
  await app.register(consoleSettingsRoutes, { config: deps.config }); // what the console needs of the settings
  await app.register(syncRoutes, { services }); // sync: push / pull
  await app.register(mediaRoutes, { services, dataDir: deps.config.dataDir, uploadDir: deps.config.uploadDir, log: deps.log }); // media: tus uploads, attachments, lesson media
  await app.register(paperRoutes, { services }); // paper homework photographed back
  await app.register(liveRoutes, { services }); // the live class: sessions, commands, SSE streams
  await app.register(followUpRoutes, { services }); // send back to redo, a pupil's due date, reminders, spoken comments
  await app.register(updateRoutes, { services }); // software updates: the tablet's check-in, the IT referent's rollouts (issue 16)
  // PWA: each tablet's build (issue 16), else the built app (dist/); SPA fallback
  await app.register(staticFiles, { staticDir: deps.config.staticDir, builds: { dataDir: deps.config.dataDir, updates: services.updates } });

  // Scheduled assignments are published by the server at their time, on the leader (content/publish-scheduler.ts).
  const scheduler = new PublishScheduler(services.content, services.coordination.leadership, deps.publishScheduler);
  let stopScheduler: (() => Promise<void>) | null = null;
  app.addHook('onReady', async () => {
    stopScheduler = scheduler.start();
  });
  app.addHook('onClose', async () => {
    await stopScheduler?.();
  });

  return app;
}
