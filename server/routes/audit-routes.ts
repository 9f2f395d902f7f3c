/** The audit log (IT referent): GET /api/audit (JSON, newest first) and GET /api/audit.csv (a French spreadsheet's CSV). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../services.ts';
import { AuditEntry, AuditQuery } from '../../src/protocol/console.ts';
import { actorOf } from './route-helpers.ts';
import { auditActionLabel, AUDIT_COMMAND_LINE, AUDIT_CSV_HEADERS } from '../../src/i18n/audit-fr.ts';

export async function auditRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { audit } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/audit', { schema: { querystring: AuditQuery, response: { 200: Type.Array(AuditEntry) } } }, async (req) => audit.list(actorOf(req), req.query));

  app.get('/api/audit.csv', { schema: { querystring: AuditQuery } }, async (req, reply) => {
    const body = await audit.csv(actorOf(req), req.query, AUDIT_CSV_HEADERS, auditActionLabel, AUDIT_COMMAND_LINE);
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="journal-cartable-${new Date().toISOString().slice(0, 10)}.csv"`)
      .header('Cache-Control', 'no-store')
      .send(body);
  });
}
