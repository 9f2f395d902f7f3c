/**
 * Who may touch a class and what hangs on it (docs/api.md). A teacher sees only the
 * classes they teach and the IT referent their own school: anything else is a 404, so an
 * id from another class or school reveals nothing. Students are refused (403) here.
 */
import type { FastifyRequest } from 'fastify';
import type { Store } from '../store/store.ts';
import type { ClassRecord } from '../store/roster-store.ts';
import { requireUser, type UserPrincipal } from '../auth/principal.ts';
import { forbidden, notFound } from '../errors.ts';

/** 'staff': a teacher of the class or the IT referent; 'teacher': only a teacher of the class; 'it': only the IT referent. */
export type ClassNeed = 'staff' | 'teacher' | 'it';

export interface ClassAccess {
  user: UserPrincipal;
  cls: ClassRecord;
}

/** Resolves the class for the signed-in user or throws 401/403/404. `what` names the item in the 404. */
export async function accessClass(store: Store, req: FastifyRequest, classId: string, need: ClassNeed, what = 'This class'): Promise<ClassAccess> {
  const user = requireUser(req);
  const cls = await store.roster.classById(classId);
  if (!cls || cls.schoolId !== user.schoolId) throw notFound(what);
  if (user.role === 'teacher' && !(await store.roster.isTeacherOf(classId, user.userId))) throw notFound(what);
  assertNeed(user, need);
  return { user, cls };
}

export function assertNeed(user: UserPrincipal, need: ClassNeed) {
  if (need === 'it' && user.role !== 'it') throw forbidden('Only the IT referent can do this.');
  if (need === 'teacher' && user.role !== 'teacher') throw forbidden('Only a teacher of the class can do this.');
}

/** The signed-in IT referent (401 anonymous, 403 anyone else). */
export const requireIt = (req: FastifyRequest) => requireUser(req, ['it']);

/** preValidation hook for routes whose JSON body is optional (`POST …/publish` with no body means `{}`). */
export async function emptyBodyIsObject(req: FastifyRequest) {
  if (req.body === undefined || req.body === null) (req as { body: unknown }).body = {};
}
