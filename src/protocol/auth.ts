/** Sign-in requests and answers. */
import { Type, type Static } from 'typebox';
import { Id, Instant, Role, StudentCard } from './entities.ts';

export const UserLoginRequest = Type.Object({
  login: Type.String({ minLength: 1, maxLength: 200 }),
  password: Type.String({ minLength: 1, maxLength: 500 }),
  /** What an earlier sign-in of this login gave this browser: its own lock-out counter (docs/SECURITY.md). */
  knownBrowserKey: Type.Optional(Type.String({ maxLength: 100 })),
});
export type UserLoginRequest = Static<typeof UserLoginRequest>;

/** POST /api/auth/password: the signed-in adult's own new password (after a temporary one, or any time). */
export const ChangePasswordRequest = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 500 }),
  newPassword: Type.String({ minLength: 8, maxLength: 500 }),
});
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

export const SessionUser = Type.Object({
  id: Id, role: Role, displayName: Type.String(), schoolId: Id,
  /** A temporary password set by the IT referent: nothing else until it is changed (POST /api/auth/password). */
  mustChangePassword: Type.Optional(Type.Boolean()),
});
export type SessionUser = Static<typeof SessionUser>;

export const UserLoginResponse = Type.Object({
  token: Type.String(),
  expiresAt: Instant,
  user: SessionUser,
  /** Keep it for this login and send it at the next sign-ins (localStorage: it is not a session). */
  knownBrowserKey: Type.Optional(Type.String()),
});
export type UserLoginResponse = Static<typeof UserLoginResponse>;

/** A student signs in on an enrolled tablet (X-Cartable-Device header) with the short secret chosen by the school. */
export const StudentLoginRequest = Type.Object({
  studentId: Id,
  secret: Type.String({ minLength: 1, maxLength: 64 }),
});
export type StudentLoginRequest = Static<typeof StudentLoginRequest>;

export const StudentLoginResponse = Type.Object({ token: Type.String(), expiresAt: Instant, student: StudentCard });
export type StudentLoginResponse = Static<typeof StudentLoginResponse>;

/** Header carrying the device token of an enrolled tablet (defined once, in wire.ts). */
export { DEVICE_HEADER } from './wire.ts';
