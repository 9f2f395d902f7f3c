/** Schools and the people who sign in with a password (teachers, IT referents). */
import type { Role } from '../../src/protocol/entities.ts';
import type { SchoolInfo, UserInfo } from '../../src/protocol/console.ts';

export interface NewUser {
  schoolId: string;
  role: Role;
  login: string;
  displayName: string;
  passwordHash: string;
}

export interface UserPatch {
  displayName?: string;
  passwordHash?: string;
  archived?: boolean;
}

export interface SchoolStore {
  createSchool(name: string): Promise<SchoolInfo>;
  schoolById(id: string): Promise<SchoolInfo | null>;
  listSchools(): Promise<SchoolInfo[]>;
  /** True when nothing has been created yet (the demo seed runs then). */
  isEmpty(): Promise<boolean>;

  listUsers(schoolId: string): Promise<UserInfo[]>;
  /** The user with the school they belong to, or null. */
  userById(id: string): Promise<(UserInfo & { schoolId: string }) | null>;
  /** Throws a 409 HttpError when the login is taken (logins are unique server-wide, case-insensitive). */
  createUser(u: NewUser): Promise<UserInfo>;
  updateUser(id: string, patch: UserPatch): Promise<UserInfo>;
}
