/**
 * Tablets: enrolment codes (shown by a teacher for their class, or by the IT referent for
 * the school), enrolment of a tablet with a code, the list with last contact and sync report,
 * revoke, and the sign-in grid of an enrolled tablet. Codes and tokens are kept hashed.
 * Rules: a teacher lists and revokes only their classes' tablets; revoking also ends every
 * session opened on the tablet.
 */
import type { Database } from '../store/repositories.ts';
import type { DeviceRecord } from '../store/records.ts';
import type { Device } from '../../src/protocol/entities.ts';
import type { DeviceRoster, EnrolmentCode, EnrolResponse } from '../../src/protocol/console.ts';
import type { Actor } from '../access/actor.ts';
import { classFor, requireUser } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { newToken } from '../auth/secrets.ts';
import { newId, now } from '../ids.ts';
import { classInfo, studentCard } from '../content/wire.ts';
import { CODE_TTL_MS, CODE_USES, hashEnrolmentCode, newEnrolmentCode } from './enrolment-codes.ts';

export const deviceWire = (d: DeviceRecord): Device => ({
  id: d.id, name: d.name, classId: d.classId, enrolledAt: d.enrolledAt, revokedAt: d.revokedAt, lastSeenAt: d.lastSeenAt, lastSyncAt: d.lastSyncAt,
  appVersion: d.appVersion, pendingCount: d.pendingCount, pendingBytes: d.pendingBytes, storageUsage: d.storageUsage, storageQuota: d.storageQuota,
});

export class DeviceService {
  constructor(private readonly db: Database) {}

  /** A new code for `classId` (null: the whole school, IT only). SYSTEM (CLI, seed) names the school and the creator. */
  issueCode(actor: Actor, opts: { classId: string | null; schoolId?: string; createdBy?: string; ttlMs?: number; uses?: number }): Promise<EnrolmentCode> {
    return this.db.write(async (tx) => {
      const u = requireUser(actor);
      if (opts.classId) await classFor(tx, actor, opts.classId, 'staff');
      else if (u && u.role !== 'it') throw fail('enrol_class_required');
      const schoolId = u?.schoolId ?? opts.schoolId;
      const createdBy = u?.userId ?? opts.createdBy;
      if (!schoolId || !createdBy) throw fail('school_not_found');
      const code = newEnrolmentCode();
      const at = new Date();
      const expiresAt = new Date(at.getTime() + (opts.ttlMs ?? CODE_TTL_MS)).toISOString();
      const usesLeft = opts.uses ?? CODE_USES;
      await tx.enrolmentCodes.insert({ codeHash: hashEnrolmentCode(code), schoolId, classId: opts.classId, createdBy, createdAt: at.toISOString(), expiresAt, usesLeft });
      return { code, expiresAt, usesLeft };
    });
  }

  /** Enrols a tablet with a live code (anonymous: the code is the credential). */
  enrol(code: string, name: string): Promise<EnrolResponse> {
    return this.db.write(async (tx) => {
      const at = now();
      const admitted = await tx.enrolmentCodes.consume(hashEnrolmentCode(code), at);
      if (!admitted) throw fail('enrolment_code_invalid');
      const { token, hash } = newToken();
      const deviceId = newId();
      await tx.devices.insert({ id: deviceId, schoolId: admitted.schoolId, classId: admitted.classId, name: name.trim(), tokenHash: hash, enrolledBy: admitted.createdBy, at });
      return { deviceId, schoolId: admitted.schoolId, classId: admitted.classId, deviceToken: token };
    });
  }

  /** The school's tablets (IT), those of one class (staff of it), or those of the teacher's classes. */
  list(actor: Actor, classId?: string): Promise<Device[]> {
    return this.db.read(async (tx) => {
      const u = requireUser(actor);
      if (!u) throw fail('forbidden');
      const all = await tx.devices.listBySchool(u.schoolId);
      if (classId) {
        await classFor(tx, actor, classId, 'staff');
        return all.filter((d) => d.classId === classId).map(deviceWire);
      }
      if (u.role === 'it') return all.map(deviceWire);
      const mine = new Set((await tx.classes.listBySchool(u.schoolId, u.userId)).map((c) => c.id));
      return all.filter((d) => d.classId !== null && mine.has(d.classId)).map(deviceWire);
    });
  }

  /** Revokes the tablet and every session opened on it. */
  revoke(actor: Actor, id: string): Promise<Device> {
    return this.db.write(async (tx) => {
      const u = requireUser(actor);
      const d = await tx.devices.byId(id);
      if (!d || (u && d.schoolId !== u.schoolId)) throw fail('device_not_found');
      if (u && u.role !== 'it') {
        if (!d.classId) throw fail('device_not_found');
        await classFor(tx, actor, d.classId, 'staff', 'device_not_found');
      }
      const at = now();
      await tx.devices.revoke(id, at);
      await tx.sessions.revokeAllOf({ deviceId: id }, at);
      const after = await tx.devices.byId(id);
      if (!after) throw fail('device_not_found');
      return deviceWire(after);
    });
  }

  /** The sign-in grid of a tablet: its class (or the whole school), students not archived, by first name. */
  roster(device: { schoolId: string; classId: string | null }): Promise<DeviceRoster> {
    return this.db.read(async (tx) => {
      const school = await tx.schools.byId(device.schoolId);
      if (!school) throw fail('school_not_found');
      const all = device.classId ? [await tx.classes.byId(device.classId)] : await tx.classes.listBySchool(device.schoolId);
      const classes = all.filter((c) => c !== null && !c.archived).sort((a, b) => (a!.name < b!.name ? -1 : a!.name > b!.name ? 1 : 0));
      const students = [];
      for (const c of classes) students.push(...(await tx.students.listByClass(c!.id, { activeOnly: true, orderBy: 'firstName' })));
      return { school, classes: classes.map((c) => classInfo(c!)), students: students.map(studentCard) };
    });
  }
}
