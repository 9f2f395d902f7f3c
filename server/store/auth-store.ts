/** Sessions, devices' tokens and sign-in failures: what the auth layer needs from storage. */
import type { Role } from '../../src/protocol/entities.ts';

export interface UserRecord {
  id: string;
  schoolId: string;
  role: Role;
  login: string;
  displayName: string;
  passwordHash: string;
  archived: boolean;
}

export interface StudentRecord {
  id: string;
  schoolId: string;
  classId: string;
  firstName: string;
  lastName: string;
  secretHash: string;
  archived: boolean;
}

export interface DeviceRecord {
  id: string;
  schoolId: string;
  classId: string | null;
  name: string;
  revokedAt: string | null;
}

export type SessionRecord =
  | { kind: 'user'; tokenHash: string; userId: string; deviceId: string | null; expiresAt: string }
  | { kind: 'student'; tokenHash: string; studentId: string; deviceId: string; expiresAt: string };

export interface LoginFailure {
  failures: number;
  lockedUntil: string | null;
}

export interface AuthStore {
  userByLogin(login: string): Promise<UserRecord | null>;
  userById(id: string): Promise<UserRecord | null>;
  studentById(id: string): Promise<StudentRecord | null>;
  deviceByTokenHash(tokenHash: string): Promise<DeviceRecord | null>;
  /** Marks the device as seen now (last contact). */
  touchDevice(deviceId: string, at: string): Promise<void>;

  createSession(s: SessionRecord & { createdAt: string }): Promise<void>;
  /** A live session (not expired, not revoked) for this token hash. */
  sessionByTokenHash(tokenHash: string, at: string): Promise<SessionRecord | null>;
  revokeSession(tokenHash: string, at: string): Promise<void>;
  /** Revokes every session of a user or student (password change, archive). */
  revokeSessionsOf(principal: { userId: string } | { studentId: string }, at: string): Promise<void>;

  loginFailure(key: string): Promise<LoginFailure | null>;
  /** Records one more failure; returns the new count. Locks until `lockUntil` when given. */
  recordLoginFailure(key: string, at: string, lockUntil: string | null): Promise<number>;
  clearLoginFailures(key: string): Promise<void>;
}
