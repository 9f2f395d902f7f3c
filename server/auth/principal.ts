/**
 * Who is calling. Resolved once per request from `Authorization: Bearer <session token>`
 * and `X-Cartable-Device: <device token>`; route code asks with the require* guards.
 */
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../src/protocol/entities.ts';
import { forbidden, unauthenticated } from '../errors.ts';

export type Principal =
  | { kind: 'user'; userId: string; role: Role; schoolId: string; displayName: string; tokenHash: string }
  | { kind: 'student'; studentId: string; classId: string; schoolId: string; deviceId: string; tokenHash: string };

export interface DevicePrincipal {
  deviceId: string;
  schoolId: string;
  classId: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    device: DevicePrincipal | null;
  }
}

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;
export type StudentPrincipal = Extract<Principal, { kind: 'student' }>;

/** A signed-in teacher or IT referent (optionally of the given roles). */
export function requireUser(req: FastifyRequest, roles?: Role[]): UserPrincipal {
  const p = req.principal;
  if (!p) throw unauthenticated();
  if (p.kind !== 'user') throw forbidden('This is for teachers and the IT referent.');
  if (roles && !roles.includes(p.role)) throw forbidden();
  return p;
}

/** A signed-in student (on an enrolled device). */
export function requireStudent(req: FastifyRequest): StudentPrincipal {
  const p = req.principal;
  if (!p) throw unauthenticated();
  if (p.kind !== 'student') throw forbidden('This is for students.');
  return p;
}

/** An enrolled, not revoked, device. */
export function requireDevice(req: FastifyRequest): DevicePrincipal {
  if (!req.device) throw unauthenticated('This tablet is not enrolled to the school (or was revoked).');
  return req.device;
}
