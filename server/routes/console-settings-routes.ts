/**
 * `GET /api/console/settings`: the server settings the console applies — how recent a tablet's
 * contact must be for « Tout est synchronisé », and after how long idle the console signs out
 * (README: Configuration). Staff only: nothing here is secret, but nobody else needs it.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ConsoleSettings } from '../../src/protocol/console.ts';
import { DEFAULT_CONSOLE_IDLE_MINUTES, DEFAULT_TABLET_CONTACT_MINUTES, type ServerConfig } from '../config.ts';
import { requireUser } from '../auth/principal.ts';

export async function consoleSettingsRoutes(root: FastifyInstance, opts: { config: Partial<Pick<ServerConfig, 'tabletContactMinutes' | 'consoleIdleMinutes'>> }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const settings: ConsoleSettings = {
    tabletContactMinutes: opts.config.tabletContactMinutes ?? DEFAULT_TABLET_CONTACT_MINUTES,
    idleSignOutMinutes: opts.config.consoleIdleMinutes ?? DEFAULT_CONSOLE_IDLE_MINUTES,
  };
  app.get('/api/console/settings', { schema: { response: { 200: ConsoleSettings } } }, async (req) => {
    requireUser(req);
    return settings;
  });
}
