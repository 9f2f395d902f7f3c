/**
 * Who is calling. Resolved once per request from `Authorization: Bearer <session token>`
 * and `X-Cartable-Device: <device token>` (auth-plugin.ts); routes pass it to the services,
 * which apply the access rules (server/access).
 */
import type { FastifyRequest } from 'fastify';
import type { StudentActor, UserActor } from '../access/actor.ts';
import { requireStudent as requireStudentActor, requireUser as requireUserActor } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';

export type Principal = (UserActor & { displayName: string; tokenHash: string; mustChangePassword?: boolean }) | (StudentActor & { tokenHash: string });

export interface DevicePrincipal {
  deviceId: string;
  schoolId: string;
  classId: string | null;
  /** Its last sync as stored when the request began (the pull skips re-writing a fresh one: store/contact-stamps.ts). */
  lastSyncAt?: string | null;
}

/** A withdrawn (not lost) tablet calling, and the pupil whose session on it calls (null: none, or not bound to it). */
export interface WithdrawnCaller {
  deviceId: string;
  studentId: string | null;
}

/** Why a known tablet's token is refused: withdrawn (its work waits on it), or declared lost or stolen (it erases its pupils' data). */
export type DeviceRefusal = 'device_revoked' | 'device_lost';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    device: DevicePrincipal | null;
    /** Set when the X-Cartable-Device token is a withdrawn tablet's. */
    deviceRefusal: DeviceRefusal | null;
    /** A withdrawn (not lost) tablet calling: refused, but what it reports holding is still recorded. */
    withdrawn: WithdrawnCaller | null;
  }
}

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;
export type StudentPrincipal = Extract<Principal, { kind: 'student' }>;

/** A signed-in teacher or IT referent (the IT referent only with 'it'). */
export function requireUser(req: FastifyRequest, need: 'staff' | 'it' = 'staff'): UserPrincipal {
  const p = req.principal;
  requireUserActor(p, need);
  if (p?.kind !== 'user') throw fail('staff_only');
  return p;
}

/** A signed-in student (on an enrolled device). */
export function requireStudent(req: FastifyRequest): StudentPrincipal {
  const p = req.principal;
  if (!p && req.deviceRefusal) throw fail(req.deviceRefusal);
  requireStudentActor(p);
  if (p?.kind !== 'student') throw fail('students_only');
  return p;
}

/** An enrolled, not revoked, device. */
export function requireDevice(req: FastifyRequest): DevicePrincipal {
  if (!req.device) throw fail(req.deviceRefusal ?? 'device_not_enrolled');
  return req.device;
}
