/** The teacher / IT console APIs (docs/api.md: school, people, roster, devices, content), as one plugin for app.ts. */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { schoolRoutes } from './school-routes.ts';
import { rosterRoutes } from './roster-routes.ts';
import { deviceRoutes } from './device-routes.ts';
import { lessonRoutes } from './lesson-routes.ts';
import { assignmentRoutes } from './assignment-routes.ts';
import { submissionRoutes } from './submission-routes.ts';
import { backupRoutes } from './backup-routes.ts';
import { auditRoutes } from './audit-routes.ts';
import { gradebookRoutes } from './gradebook-routes.ts';
import { annotationRoutes } from './annotation-routes.ts';

export async function consoleRoutes(app: FastifyInstance, opts: { services: Services }) {
  for (const routes of [schoolRoutes, rosterRoutes, deviceRoutes, lessonRoutes, assignmentRoutes, submissionRoutes, backupRoutes, auditRoutes, gradebookRoutes, annotationRoutes]) {
    await app.register(routes, { services: opts.services });
  }
}
