/**
 * Tablets: enrolment codes (shown by a teacher for their class, or by the IT referent for
 * the school), enrolment of a tablet with a code, the list with last contact and sync report,
 * revoke, reactivate, lost or stolen, and the sign-in grid of an enrolled tablet. Codes and
 * tokens are kept hashed. Rules (issue 19: revoking never strands work):
 * - a teacher lists and acts on only their classes' tablets, the IT referent on the school's;
 * - revoking withdraws the tablet: every request with its token is refused `device_revoked`
 *   (its pupils' sessions are dormant, not ended), so the work it keeps waits on it;
 *   reactivating gives it back as it was, and enrolling it again with a new code (the tablet
 *   sends its old token) keeps its id and sessions, so it delivers that work under the same pupils;
 * - only « perdue ou volée » ends its sessions and tells it (`device_lost`) to erase its
 *   pupils' data at its next contact; enrolled again, it is a new tablet.
 */
import { recordAudit } from '../audit/audit-log.ts';
import type { Database, Tx } from '../store/repositories.ts';
import type { DeviceRecord } from '../store/records.ts';
import type { Device } from '../../src/protocol/entities.ts';
import type { DeviceRoster, EnrolmentCode, EnrolmentCodeInfo, EnrolResponse } from '../../src/protocol/console.ts';
import type { Actor } from '../access/actor.ts';
import { classFor, requireUser } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { hashToken, newToken } from '../auth/secrets.ts';
import { newId, now } from '../ids.ts';
import { classInfo, studentCard } from '../content/wire.ts';
import { MAX_PENDING_STUDENTS } from '../../src/protocol/wire.ts';
import { CODE_TTL_MS, CODE_USES, hashEnrolmentCode, newEnrolmentCode } from './enrolment-codes.ts';

/** How the audit log names a code: its class, or none for a whole-school code. */
const codeLabel = async (tx: Tx, classId: string | null) => (classId ? (await tx.classes.byId(classId))?.name : undefined);

export const deviceWire = (d: DeviceRecord): Device => ({
  id: d.id, name: d.name, classId: d.classId, enrolledAt: d.enrolledAt, revokedAt: d.revokedAt, lastSeenAt: d.lastSeenAt, lastSyncAt: d.lastSyncAt,
  appVersion: d.appVersion, pendingCount: d.pendingCount, pendingBytes: d.pendingBytes, storageUsage: d.storageUsage, storageQuota: d.storageQuota,
  lostAt: d.lostAt, pendingStudents: [],
});

/** The wire form with the pupils whose work is waiting named (unknown ids are left out). */
async function namedDevice(tx: Tx, d: DeviceRecord): Promise<Device> {
  const pendingStudents = [];
  for (const p of d.pendingStudents) {
    const st = await tx.students.byId(p.studentId);
    if (st && st.schoolId === d.schoolId) pendingStudents.push({ studentId: st.id, firstName: st.firstName, lastName: st.lastName, works: p.works });
  }
  return { ...deviceWire(d), pendingStudents };
}

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
      const id = newId();
      await tx.enrolmentCodes.insert({ id, codeHash: hashEnrolmentCode(code), schoolId, classId: opts.classId, createdBy, createdAt: at.toISOString(), expiresAt, usesLeft });
      await recordAudit(tx, actor, 'enrolment_code_create', { type: 'enrolment_code', id, label: await codeLabel(tx, opts.classId) }, { classId: opts.classId, expiresAt, usesLeft }, schoolId);
      return { id, code, expiresAt, usesLeft };
    });
  }

  /** The school's codes not expired yet, newest first (IT): class, expiry, uses left, revoked or not. */
  listCodes(actor: Actor): Promise<EnrolmentCodeInfo[]> {
    return this.db.read(async (tx) => {
      const it = requireUser(actor, 'it');
      if (!it) throw fail('forbidden');
      const out: EnrolmentCodeInfo[] = [];
      const names = new Map<string, string>();
      const nameOf = async (kind: 'class' | 'user', id: string) => {
        const k = `${kind}:${id}`;
        if (!names.has(k)) names.set(k, kind === 'class' ? (await tx.classes.byId(id))?.name ?? '' : (await tx.users.byId(id))?.displayName ?? '');
        return names.get(k)!;
      };
      for (const c of await tx.enrolmentCodes.listLive(it.schoolId, now())) {
        out.push({
          id: c.id, classId: c.classId, className: c.classId ? await nameOf('class', c.classId) : null, createdAt: c.createdAt,
          createdByName: await nameOf('user', c.createdBy), expiresAt: c.expiresAt, usesLeft: c.usesLeft, revokedAt: c.revokedAt ?? null,
        });
      }
      return out;
    });
  }

  /** « Révoquer le code » (IT): it admits no tablet from now on; tablets it already enrolled stay enrolled. */
  revokeCode(actor: Actor, id: string): Promise<void> {
    return this.db.write(async (tx) => {
      const it = requireUser(actor, 'it');
      const c = await tx.enrolmentCodes.byId(id);
      if (!c || (it && c.schoolId !== it.schoolId)) throw fail('enrolment_code_not_found');
      if (!(await tx.enrolmentCodes.revoke(id, now()))) throw fail('enrolment_code_already_revoked');
      await recordAudit(tx, actor, 'enrolment_code_revoke', { type: 'enrolment_code', id, label: await codeLabel(tx, c.classId) }, { usesLeft: c.usesLeft, expiresAt: c.expiresAt }, c.schoolId);
    });
  }

  /**
   * Enrols a tablet with a live code (anonymous: the code is the credential). A tablet that was
   * withdrawn (not lost) sends its old token: it keeps its id, so its pupils' sessions wake up
   * and the work it kept goes out under the same pupils.
   */
  enrol(code: string, name: string, previousDeviceToken?: string): Promise<EnrolResponse> {
    return this.db.write(async (tx) => {
      const at = now();
      const admitted = await tx.enrolmentCodes.consume(hashEnrolmentCode(code), at);
      if (!admitted) throw fail('enrolment_code_invalid');
      const { token, hash } = newToken();
      const previous = previousDeviceToken ? await tx.devices.byTokenHash(hashToken(previousDeviceToken)) : null;
      if (previous && previous.schoolId === admitted.schoolId && !previous.lostAt) {
        // Enrolled again by whoever holds the code (no adult acts here: the code's creation is in the audit log).
        await tx.devices.reenrol(previous.id, { classId: admitted.classId, name: name.trim(), tokenHash: hash, at });
        return { deviceId: previous.id, schoolId: admitted.schoolId, classId: admitted.classId, deviceToken: token };
      }
      const deviceId = newId();
      await tx.devices.insert({ id: deviceId, schoolId: admitted.schoolId, classId: admitted.classId, name: name.trim(), tokenHash: hash, enrolledBy: admitted.createdBy, at });
      return { deviceId, schoolId: admitted.schoolId, classId: admitted.classId, deviceToken: token };
    });
  }

  /**
   * The school's tablets (IT), those of the teacher's classes, or a class's tablets screen:
   * the tablets enrolled for the class and, after them, the others its pupils use (`visiting`:
   * a school-wide tablet or another class's where a pupil of the class holds a live session or
   * has work reported waiting) — « Tout est synchronisé » must speak for them too (issue 19).
   */
  list(actor: Actor, classId?: string): Promise<Device[]> {
    return this.db.read(async (tx) => {
      const u = requireUser(actor);
      if (!u) throw fail('forbidden');
      const all = await tx.devices.listBySchool(u.schoolId);
      if (classId) {
        await classFor(tx, actor, classId, 'staff');
        return this.classTablets(tx, classId, all);
      }
      let shown = all;
      if (u.role !== 'it') {
        const mine = new Set((await tx.classes.listBySchool(u.schoolId, u.userId)).map((c) => c.id));
        shown = all.filter((d) => d.classId !== null && mine.has(d.classId));
      }
      const out = [];
      for (const d of shown) out.push(await this.withUse(tx, await namedDevice(tx, d)));
      return out;
    });
  }

  private async classTablets(tx: Tx, classId: string, all: DeviceRecord[]): Promise<Device[]> {
    const pupils = new Map((await tx.students.listByClass(classId, { activeOnly: true })).map((st) => [st.id, st]));
    const signedIn = new Map<string, string[]>();
    for (const s of await tx.sessions.liveStudentDevicesOfClass(classId, now())) signedIn.set(s.deviceId, [...(signedIn.get(s.deviceId) ?? []), s.studentId]);
    const out: Device[] = [];
    const visiting: Device[] = [];
    for (const d of all) {
      if (d.classId === classId) {
        out.push(await this.withUse(tx, await namedDevice(tx, d)));
        continue;
      }
      const waitingHere = d.pendingStudents.filter((p) => pupils.has(p.studentId));
      if (d.lostAt || (!signedIn.has(d.id) && waitingHere.length === 0)) continue;
      const ids = [...new Set([...(signedIn.get(d.id) ?? []), ...waitingHere.map((p) => p.studentId)])];
      const named = (id: string) => ({ studentId: id, firstName: pupils.get(id)!.firstName, lastName: pupils.get(id)!.lastName });
      const attributed = d.pendingStudents.reduce((n, p) => n + p.works, 0);
      visiting.push({
        ...deviceWire(d),
        // Only this class's pupils are named to its teacher.
        pendingStudents: waitingHere.map((p) => ({ ...named(p.studentId), works: p.works })),
        visiting: {
          pupils: ids.map(named).sort((a, b) => a.firstName.localeCompare(b.firstName, 'fr')),
          works: waitingHere.reduce((n, p) => n + p.works, 0),
          unattributed: (d.pendingCount ?? 0) > 0 && (attributed === 0 || d.pendingStudents.length >= MAX_PENDING_STUDENTS),
        },
      });
    }
    return [...out, ...visiting];
  }

  /** A withdrawn tablet says whether a pupil ever signed in on it (else it holds no pupil's work). */
  private async withUse(tx: Tx, d: Device): Promise<Device> {
    return d.revokedAt && !d.lostAt ? { ...d, used: await tx.sessions.anyStudentSession(d.id) } : d;
  }

  /**
   * Withdraws the tablet: refused `device_revoked` from now on, its pupils' work kept on it.
   * `lost`: declared lost or stolen — its sessions end, and it erases its pupils' data at its
   * next contact (also for a tablet already withdrawn).
   */
  revoke(actor: Actor, id: string, opts: { lost?: boolean } = {}): Promise<Device> {
    return this.db.write(async (tx) => {
      const d = await this.actionable(tx, actor, id);
      const at = now();
      await tx.devices.revoke(id, at, opts.lost === true);
      await recordAudit(tx, actor, opts.lost ? 'device_lost' : 'device_revoke', { type: 'device', id, label: d.name }, {}, d.schoolId);
      if (opts.lost) await tx.sessions.revokeAllOf({ deviceId: id }, at);
      return namedDevice(tx, (await tx.devices.byId(id))!);
    });
  }

  /** Gives a withdrawn tablet back (« Réactiver la tablette »): same token, id and pupils' sessions (unless it was lost: those ended). */
  reactivate(actor: Actor, id: string): Promise<Device> {
    return this.db.write(async (tx) => {
      const d = await this.actionable(tx, actor, id);
      if (!d.revokedAt) throw fail('device_not_revoked');
      await tx.devices.reactivate(id);
      await recordAudit(tx, actor, 'device_reactivate', { type: 'device', id, label: d.name }, {}, d.schoolId);
      return namedDevice(tx, (await tx.devices.byId(id))!);
    });
  }

  /** The tablet, if the actor may act on it (IT: the school's; a teacher: their classes'). */
  private async actionable(tx: Tx, actor: Actor, id: string): Promise<DeviceRecord> {
    const u = requireUser(actor);
    const d = await tx.devices.byId(id);
    if (!d || (u && d.schoolId !== u.schoolId)) throw fail('device_not_found');
    if (u && u.role !== 'it') {
      if (!d.classId) throw fail('device_not_found');
      await classFor(tx, actor, d.classId, 'staff', 'device_not_found');
    }
    return d;
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
