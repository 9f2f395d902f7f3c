/** Classes, students, groups and the roster CSV import (docs/api.md: "School, people, roster"). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../services.ts';
import { StudentCard } from '../../src/protocol/entities.ts';
import {
  ClassSummary, CreateClassRequest, CreateGroupRequest, CreateStudentRequest, DryRunQuery, GroupInfo, IdParams, RosterImportReport,
  SetClassSubjectRequest, UpdateClassRequest, UpdateGroupRequest, UpdateStudentRequest,
} from '../../src/protocol/console.ts';
import { actorOf } from './route-helpers.ts';

/** Roster files are small: 5,000 students fit in well under 1 MiB; 2 MiB leaves room. */
export const ROSTER_BODY_LIMIT = 2 * 1024 * 1024;

export async function rosterRoutes(root: FastifyInstance, opts: { services: Services }) {
  const { roster } = opts.services;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/classes', { schema: { response: { 200: Type.Array(ClassSummary) } } }, async (req) => roster.listClasses(actorOf(req)));

  app.post('/api/classes', { schema: { body: CreateClassRequest, response: { 201: ClassSummary } } }, async (req, reply) =>
    reply.status(201).send(await roster.createClass(actorOf(req), req.body)));

  app.patch('/api/classes/:id', { schema: { params: IdParams, body: UpdateClassRequest, response: { 200: ClassSummary } } }, async (req) =>
    roster.updateClass(actorOf(req), req.params.id, req.body));

  // The class's teacher sets its subject too (PATCH above stays the IT referent's: name, teachers, archive).
  app.put('/api/classes/:id/subject', { schema: { params: IdParams, body: SetClassSubjectRequest, response: { 200: ClassSummary } } }, async (req) =>
    roster.setClassSubject(actorOf(req), req.params.id, req.body.subject));

  app.get('/api/classes/:id/students', { schema: { params: IdParams, response: { 200: Type.Array(StudentCard) } } }, async (req) =>
    roster.listStudents(actorOf(req), req.params.id));

  app.post('/api/classes/:id/students', { schema: { params: IdParams, body: CreateStudentRequest, response: { 201: StudentCard } } }, async (req, reply) =>
    reply.status(201).send(await roster.createStudent(actorOf(req), req.params.id, req.body)));

  app.patch('/api/students/:id', { schema: { params: IdParams, body: UpdateStudentRequest, response: { 200: StudentCard } } }, async (req) =>
    roster.updateStudent(actorOf(req), req.params.id, req.body));

  app.get('/api/classes/:id/groups', { schema: { params: IdParams, response: { 200: Type.Array(GroupInfo) } } }, async (req) =>
    roster.listGroups(actorOf(req), req.params.id));

  app.post('/api/classes/:id/groups', { schema: { params: IdParams, body: CreateGroupRequest, response: { 201: GroupInfo } } }, async (req, reply) =>
    reply.status(201).send(await roster.createGroup(actorOf(req), req.params.id, req.body)));

  app.patch('/api/groups/:id', { schema: { params: IdParams, body: UpdateGroupRequest, response: { 200: GroupInfo } } }, async (req) =>
    roster.updateGroup(actorOf(req), req.params.id, req.body));

  await app.register(async (csv) => {
    // Raw CSV bodies, this scope only (some browsers send text/plain or application/vnd.ms-excel).
    csv.addContentTypeParser(['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream', 'application/zip', 'application/x-zip-compressed', 'application/xml', 'text/xml'], { parseAs: 'buffer', bodyLimit: ROSTER_BODY_LIMIT }, (_req, body, done) => done(null, body));
    csv.withTypeProvider<TypeBoxTypeProvider>().post('/api/roster/import', { schema: { querystring: DryRunQuery, response: { 200: RosterImportReport } } }, async (req) => {
      const file = Buffer.isBuffer(req.body) ? req.body : null;
      const yes = (v: string | undefined) => v === '1' || v === 'true';
      return roster.importRoster(actorOf(req), file, yes(req.query.dryRun), undefined, { archiveMissing: yes(req.query.archiveMissing), confirm: req.query.confirm });
    });
  });
}
