/**
 * The school of `npm run test:faults`, written through the real services into the SQLite
 * file the server process then opens: one teacher (with a password: they sign in over HTTP
 * and return feedback during the run), one class per tablet group, each with published
 * assignments (a text question and a photo question), and per tablet its device token and
 * the sessions of the pupils signed in on it (a shared tablet: several pupils each).
 * Sessions are opened directly (no 1,000 scrypts), as bench/server-bench.ts does.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openSqliteServer } from '../../server/store/sqlite/sqlite-server.ts';
import { newToken } from '../../server/auth/secrets.ts';
import { SYSTEM } from '../../server/access/actor.ts';

export const TEACHER = { login: 'prof.pannes', password: 'pannes-mot-de-passe' };

export interface FaultPupil {
  studentId: string;
  classId: string;
  token: string;
}

export interface FaultTabletSeed {
  deviceId: string;
  deviceToken: string;
  schoolId: string;
  pupils: FaultPupil[];
}

export interface FaultSchool {
  schoolId: string;
  teacherId: string;
  /** Per class: its published assignments (q1 text, q2 photo). */
  assignments: Record<string, { id: string; version: number }[]>;
  tablets: FaultTabletSeed[];
}

/** Seeds `tablets` tablets of `pupilsPerTablet` pupils, `assignmentsPerClass` assignments, 5 tablets per class. */
export async function seedFaultSchool(dataDir: string, o: { tablets: number; pupilsPerTablet: number; assignmentsPerClass: number }): Promise<FaultSchool> {
  const s = openSqliteServer(join(dataDir, 'cartable.sqlite'));
  try {
    const school = await s.school.createSchool('Collège des Pannes');
    const teacher = await s.school.createUser(SYSTEM, { schoolId: school.id, role: 'teacher', login: TEACHER.login, displayName: 'Mme Pannes', password: TEACHER.password });
    const asTeacher = { kind: 'user', userId: teacher.id, role: 'teacher', schoolId: school.id } as const;
    const out: FaultSchool = { schoolId: school.id, teacherId: teacher.id, assignments: {}, tablets: [] };
    let classId = '';
    for (let t = 0; t < o.tablets; t++) {
      if (t % 5 === 0) {
        classId = (await s.roster.createClass(SYSTEM, { name: `Classe ${t / 5 + 1}`, teacherIds: [teacher.id] }, school.id)).id;
        out.assignments[classId] = [];
        for (let a = 0; a < o.assignmentsPerClass; a++) {
          const created = await s.content.createAssignment(asTeacher, classId, {
            title: `Devoir ${a + 1}`, instructionsMarkdown: 'Réponds puis photographie ton cahier.', dueAt: null,
            questions: [{ id: 'q1', kind: 'text', prompt: 'Explique ta démarche.', points: 5 }, { id: 'q2', kind: 'photo', prompt: 'Photographie ton cahier.', points: 5 }],
          });
          await s.content.publishAssignment(asTeacher, created.id, null);
          out.assignments[classId]!.push({ id: created.id, version: 1 });
        }
      }
      const now = new Date().toISOString();
      const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
      const device = newToken();
      const deviceId = randomUUID();
      const pupils: FaultPupil[] = [];
      const cls = classId;
      await s.db.write(async (tx) => {
        await tx.devices.insert({ id: deviceId, schoolId: school.id, classId: cls, name: `Tablette ${t + 1}`, tokenHash: device.hash, enrolledBy: teacher.id, at: now });
        for (let p = 0; p < o.pupilsPerTablet; p++) {
          const studentId = randomUUID();
          await tx.students.insert({ id: studentId, schoolId: school.id, classId: cls, firstName: `Élève ${t + 1}.${p + 1}`, lastName: 'Pannes', secretHash: 'x', secretLength: null, createdAt: now });
          await tx.changes.put(`class:${cls}`, 'student', studentId, now);
          const session = newToken();
          await tx.sessions.insert({ kind: 'student', tokenHash: session.hash, studentId, deviceId, expiresAt, createdAt: now });
          pupils.push({ studentId, classId: cls, token: session.token });
        }
      });
      out.tablets.push({ deviceId, deviceToken: device.token, schoolId: school.id, pupils });
    }
    return out;
  } finally {
    await s.db.close();
  }
}
