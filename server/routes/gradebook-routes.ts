/**
 * A class's gradebook (docs/api.md: "Gradebook"): GET /api/classes/:id/gradebook (JSON) and
 * GET /api/classes/:id/gradebook.csv (a French spreadsheet's CSV) — teacher of the class, IT.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Services } from '../services.ts';
import { IdParams } from '../../src/protocol/console.ts';
import { Gradebook } from '../../src/protocol/gradebook.ts';
import { GRADEBOOK_CSV_FR } from '../../src/i18n/gradebook-fr.ts';
import { actorOf } from './route-helpers.ts';

/** « notes-5e-B-2026-12-02.csv »: the class name kept to letters, digits and dashes (no quote or slash in a header). */
export function gradebookFileName(className: string, day: string): string {
  const safe = className.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `notes-${safe || 'classe'}-${day}.csv`;
}

export async function gradebookRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { gradebook } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/classes/:id/gradebook', { schema: { params: IdParams, response: { 200: Gradebook } } }, async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    return gradebook.gradebook(actorOf(req), req.params.id);
  });

  app.get('/api/classes/:id/gradebook.csv', { schema: { params: IdParams } }, async (req, reply) => {
    const { className, body } = await gradebook.csv(actorOf(req), req.params.id, GRADEBOOK_CSV_FR);
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${gradebookFileName(className, new Date().toISOString().slice(0, 10))}"`)
      .header('Cache-Control', 'no-store')
      .send(body);
  });
}
