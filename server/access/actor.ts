/**
 * Who asks a service to act. Routes build it from the verified session (never from the
 * request body); the admin CLI and the demo seed act as `SYSTEM`, which passes the access
 * rules but not the school's other rules.
 */
import type { Role } from '../../src/protocol/entities.ts';

export interface UserActor {
  kind: 'user';
  userId: string;
  role: Role;
  schoolId: string;
}

export interface StudentActor {
  kind: 'student';
  studentId: string;
  classId: string;
  schoolId: string;
  deviceId: string;
}

export interface SystemActor {
  kind: 'system';
}

export type Actor = UserActor | StudentActor | SystemActor;

export const SYSTEM: SystemActor = { kind: 'system' };
