/** Classes, students, groups and the roster CSV import (docs/api.md: "School, people, roster"). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Store } from '../store/store.ts';
import { StudentCard } from '../../src/protocol/entities.ts';
import {
  ClassSummary, CreateClassRequest, CreateGroupRequest, CreateStudentRequest, DryRunQuery, GroupInfo, IdParams, RosterImportReport,
  UpdateClassRequest, UpdateGroupRequest, UpdateStudentRequest,
} from '../../src/protocol/console.ts';
import { requireUser } from '../auth/principal.ts';
import { hashStudentSecret } from '../roster/student-secret.ts';
import { badRequest, notFound } from '../errors.ts';
import { now } from '../ids.ts';
import { accessClass, requireIt } from './class-access.ts';
import { importRosterFile } from '../roster/roster-import.ts';

/** Roster files are small: 5,000 students fit in well under 1 MiB; 2 MiB leaves room. */
export const ROSTER_BODY_LIMIT = 2 * 1024 * 1024;

export async function rosterRoutes(root: FastifyInstance, opts: { store: Store }) {
  const { store } = opts;
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/classes', { schema: { response: { 200: Type.Array(ClassSummary) } } }, async (req) => {
    const u = requireUser(req);
    return store.roster.listClasses(u.schoolId, u.role === 'teacher' ? u.userId : undefined);
  });

  app.post('/api/classes', { schema: { body: CreateClassRequest, response: { 201: ClassSummary } } }, async (req, reply) => {
    const it = requireIt(req);
    return reply.status(201).send(await store.roster.createClass(it.schoolId, req.body.name.trim(), req.body.teacherIds ?? []));
  });

  app.patch('/api/classes/:id', { schema: { params: IdParams, body: UpdateClassRequest, response: { 200: ClassSummary } } }, async (req) => {
    await accessClass(store, req, req.params.id, 'it');
    return store.roster.updateClass(req.params.id, { ...req.body, name: req.body.name?.trim() });
  });

  app.get('/api/classes/:id/students', { schema: { params: IdParams, response: { 200: Type.Array(StudentCard) } } }, async (req) => {
    await accessClass(store, req, req.params.id, 'staff');
    return store.roster.listStudents(req.params.id);
  });

  app.post('/api/classes/:id/students', { schema: { params: IdParams, body: CreateStudentRequest, response: { 201: StudentCard } } }, async (req, reply) => {
    const { cls } = await accessClass(store, req, req.params.id, 'it');
    const secretHash = await hashStudentSecret(req.body.secret);
    const card = await store.roster.createStudent({ schoolId: cls.schoolId, classId: cls.id, firstName: req.body.firstName, lastName: req.body.lastName, secretHash });
    return reply.status(201).send(card);
  });

  app.patch('/api/students/:id', { schema: { params: IdParams, body: UpdateStudentRequest, response: { 200: StudentCard } } }, async (req) => {
    const it = requireIt(req);
    const st = await store.roster.studentById(req.params.id);
    if (!st || st.schoolId !== it.schoolId) throw notFound('This student');
    if (req.body.classId !== undefined) {
      const target = await store.roster.classById(req.body.classId);
      if (!target || target.schoolId !== it.schoolId) throw badRequest('The target class does not exist in this school.');
    }
    const secretHash = req.body.secret === undefined ? undefined : await hashStudentSecret(req.body.secret);
    const { secret: _secret, ...rest } = req.body;
    const card = await store.roster.updateStudent(st.id, { ...rest, secretHash });
    // A new secret or an archived student signs the student out of every tablet.
    if (secretHash || req.body.archived) await store.auth.revokeSessionsOf({ studentId: st.id }, now());
    return card;
  });

  app.get('/api/classes/:id/groups', { schema: { params: IdParams, response: { 200: Type.Array(GroupInfo) } } }, async (req) => {
    await accessClass(store, req, req.params.id, 'staff');
    return store.roster.listGroups(req.params.id);
  });

  app.post('/api/classes/:id/groups', { schema: { params: IdParams, body: CreateGroupRequest, response: { 201: GroupInfo } } }, async (req, reply) => {
    await accessClass(store, req, req.params.id, 'staff');
    return reply.status(201).send(await store.roster.createGroup(req.params.id, req.body.name.trim(), req.body.studentIds));
  });

  app.patch('/api/groups/:id', { schema: { params: IdParams, body: UpdateGroupRequest, response: { 200: GroupInfo } } }, async (req) => {
    const u = requireUser(req);
    const g = await store.roster.groupById(req.params.id);
    if (!g || g.schoolId !== u.schoolId) throw notFound('This group');
    await accessClass(store, req, g.classId, 'staff', 'This group');
    return store.roster.updateGroup(g.id, { ...req.body, name: req.body.name?.trim() });
  });

  await app.register(async (csv) => {
    // Raw CSV bodies, this scope only (some browsers send text/plain or application/vnd.ms-excel).
    csv.addContentTypeParser(['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: ROSTER_BODY_LIMIT }, (_req, body, done) => done(null, body));
    csv.withTypeProvider<TypeBoxTypeProvider>().post('/api/roster/import', { schema: { querystring: DryRunQuery, response: { 200: RosterImportReport } } }, async (req) => {
      const it = requireIt(req);
      if (!Buffer.isBuffer(req.body)) throw badRequest('Send the roster as a CSV file (Content-Type: text/csv).');
      const dryRun = req.query.dryRun === '1' || req.query.dryRun === 'true';
      return importRosterFile(store, it.schoolId, req.body, dryRun);
    });
  });
}
