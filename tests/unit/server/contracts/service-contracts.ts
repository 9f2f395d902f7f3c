/**
 * The services' contract, written against the `Services` they expose and the `Database` they
 * run on — never against SQL. `describeServiceContracts` runs the same suite on any
 * implementation of the repositories: SQLite today (sqlite-contracts.test.ts), PostgreSQL next.
 */
import { siecleXml } from '../../../helpers/siecle-export.ts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import type { Services } from '../../../../server/services.ts';
import { SYSTEM, type StudentActor, type UserActor } from '../../../../server/access/actor.ts';
import { DomainError } from '../../../../server/domain/domain-error.ts';
import type { ErrorCode } from '../../../../src/protocol/error-codes.ts';
import type { Mutation } from '../../../../src/protocol/sync.ts';
import { PullResponse } from '../../../../src/protocol/sync-pull.ts';
import type { Answer, Question } from '../../../../src/protocol/entities.ts';

export interface ContractServer {
  services: Services;
  close(): Promise<void>;
}

/** Resolves to the code of the DomainError `p` rejects with (fails the test otherwise). */
async function refusal(p: Promise<unknown>): Promise<ErrorCode> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err, 'expected a refusal').toBeInstanceOf(DomainError);
  return (err as DomainError).code;
}

const QUESTIONS: Question[] = [
  { id: 'q1', kind: 'text', prompt: 'Explique.', points: 2 },
  { id: 'q2', kind: 'choice', prompt: 'Combien ?', points: 1, choices: [{ id: 'a', label: '3' }, { id: 'b', label: '4' }] },
  { id: 'q3', kind: 'photo', prompt: 'Ta feuille.', points: 2 },
];

interface World {
  s: Services;
  schoolId: string;
  it: UserActor;
  teacher: UserActor;
  otherTeacher: UserActor;
  classId: string;
  otherClassId: string;
  students: string[];
  deviceId: string;
  lea: StudentActor;
}

async function world(s: Services): Promise<World> {
  const school = await s.school.createSchool(`Collège ${randomUUID().slice(0, 6)}`);
  const tag = randomUUID().slice(0, 8);
  const mk = (role: 'it' | 'teacher', login: string) => s.school.createUser(SYSTEM, { schoolId: school.id, role, login: `${login}.${tag}`, displayName: login, password: 'pass-word-1' });
  const it = await mk('it', 'it');
  const teacher = await mk('teacher', 'prof');
  const other = await mk('teacher', 'autre');
  const cls = await s.roster.createClass(SYSTEM, { name: '5e B', teacherIds: [teacher.id] }, school.id);
  const otherCls = await s.roster.createClass(SYSTEM, { name: '4e A', teacherIds: [other.id] }, school.id);
  const students: string[] = [];
  for (const [firstName, lastName] of [['Léa', 'Martin'], ['Hugo', 'Bernard'], ['Inès', 'Petit']]) {
    students.push((await s.roster.createStudent(SYSTEM, cls.id, { firstName: firstName!, lastName: lastName!, secret: '1234' })).id);
  }
  const code = await s.devices.issueCode(SYSTEM, { schoolId: school.id, classId: cls.id, createdBy: it.id });
  const device = await s.devices.enrol(code.code, 'Tablette 1');
  const user = (id: string, role: 'it' | 'teacher'): UserActor => ({ kind: 'user', userId: id, role, schoolId: school.id });
  return {
    s, schoolId: school.id, it: user(it.id, 'it'), teacher: user(teacher.id, 'teacher'), otherTeacher: user(other.id, 'teacher'),
    classId: cls.id, otherClassId: otherCls.id, students, deviceId: device.deviceId,
    lea: { kind: 'student', studentId: students[0]!, classId: cls.id, schoolId: school.id, deviceId: device.deviceId },
  };
}

let seq = 1;
const mutation = (assignmentId: string, type: Mutation['type'] = 'work.save', answers: Answer[] = [{ questionId: 'q1', text: 'réponse' }], assignmentVersion = 1): Mutation => ({
  type, seq: seq++, mutationId: randomUUID(), assignmentId, baseVersion: null, assignmentVersion, answers, clientAt: new Date().toISOString(),
});

export function describeServiceContracts(name: string, open: () => Promise<ContractServer>) {
  describe(`service contracts on ${name}`, () => {
    let server: ContractServer;
    let w: World;
    beforeAll(async () => {
      server = await open();
      w = await world(server.services);
    });
    afterAll(async () => { await server.close(); });

    const publishedAssignment = async (opts: { groupId?: string | null; dueAt?: string | null } = {}) => {
      const a = await w.s.content.createAssignment(w.teacher, w.classId, { title: 'Devoir', instructionsMarkdown: 'Réponds.', dueAt: opts.dueAt ?? null, questions: QUESTIONS });
      return w.s.content.publishAssignment(w.teacher, a.id, opts.groupId ?? null);
    };

    describe('school', () => {
      it('creates users with unique logins, refuses self-archiving, and is the IT referent\'s only', async () => {
        const u = await w.s.school.createUser(w.it, { role: 'teacher', login: `nouveau.${randomUUID().slice(0, 6)}`, displayName: ' Mme Nouveau ', password: 'pass-word-2' });
        expect(u).toMatchObject({ role: 'teacher', displayName: 'Mme Nouveau', archived: false });
        expect(await refusal(w.s.school.createUser(w.it, { role: 'teacher', login: u.login.toUpperCase(), displayName: 'X', password: 'pass-word-2' }))).toBe('login_taken');
        expect(await refusal(w.s.school.updateUser(w.it, w.it.userId, { archived: true }))).toBe('cannot_archive_self');
        expect(await refusal(w.s.school.listUsers(w.teacher))).toBe('it_only');
        expect(await refusal(w.s.school.listUsers(w.lea))).toBe('staff_only');
      });
    });

    describe('auth', () => {
      it('signs a teacher in, locks the account after repeated failures even against the right password', async () => {
        const login = `lock.${randomUUID().slice(0, 6)}`;
        await w.s.school.createUser(w.it, { role: 'teacher', login, displayName: 'Lock', password: 'right-pass-1' });
        const ok = await w.s.auth.signInUser({ login, password: 'right-pass-1', address: '10.0.0.1', deviceId: null });
        const resolved = await w.s.auth.resolve(null, ok.token, new Date().toISOString());
        expect(resolved.principal).toMatchObject({ kind: 'user', role: 'teacher' });
        for (let i = 0; i < 5; i++) expect(await refusal(w.s.auth.signInUser({ login, password: 'wrong', address: '10.0.0.1', deviceId: null }))).toBe('wrong_credentials');
        expect(await refusal(w.s.auth.signInUser({ login, password: 'right-pass-1', address: '10.0.0.1', deviceId: null }))).toBe('account_locked');
      });

      it('binds a student session to its tablet; a revoked tablet suspends it, reactivated it wakes, lost ends it', async () => {
        const code = await w.s.devices.issueCode(w.teacher, { classId: w.classId });
        const tablet = await w.s.devices.enrol(code.code, 'Tablette 2');
        const device = { deviceId: tablet.deviceId, schoolId: w.schoolId, classId: w.classId };
        expect(await refusal(w.s.auth.signInStudent(device, w.students[1]!, '9999'))).toBe('wrong_secret');
        const st = await w.s.auth.signInStudent(device, w.students[1]!, '1234');
        const at = () => new Date().toISOString();
        expect((await w.s.auth.resolve(tablet.deviceToken, st.token, at())).principal).toMatchObject({ kind: 'student', studentId: w.students[1] });
        expect((await w.s.auth.resolve(null, st.token, at())).principal).toBeNull(); // without its tablet
        await w.s.devices.revoke(w.teacher, tablet.deviceId);
        // Withdrawn: refused, but named (its report is still recorded: the class screen must know what it holds).
        expect(await w.s.auth.resolve(tablet.deviceToken, st.token, at())).toEqual({ device: null, principal: null, deviceRefusal: 'device_revoked', withdrawn: { deviceId: tablet.deviceId, studentId: w.students[1] } });
        await w.s.devices.reactivate(w.teacher, tablet.deviceId);
        expect((await w.s.auth.resolve(tablet.deviceToken, st.token, at())).principal).toMatchObject({ kind: 'student', studentId: w.students[1] });
        await w.s.devices.revoke(w.teacher, tablet.deviceId, { lost: true });
        expect(await w.s.auth.resolve(tablet.deviceToken, st.token, at())).toEqual({ device: null, principal: null, deviceRefusal: 'device_lost' });
        await w.s.devices.reactivate(w.teacher, tablet.deviceId); // found again: the tablet is back, its sessions are not
        expect((await w.s.auth.resolve(tablet.deviceToken, st.token, at())).principal).toBeNull();
        expect(await refusal(w.s.devices.reactivate(w.teacher, tablet.deviceId))).toBe('device_not_revoked');
      });
    });

    describe('roster', () => {
      it('keeps class names unique and shows a teacher only their classes', async () => {
        expect(await refusal(w.s.roster.createClass(w.it, { name: '5e B' }))).toBe('class_name_taken');
        expect((await w.s.roster.listClasses(w.teacher)).map((c) => c.id)).toEqual([w.classId]);
        expect(await refusal(w.s.roster.listStudents(w.otherTeacher, w.classId))).toBe('class_not_found');
      });

      it('moves a student out of the old class\'s groups, and refuses members of another class', async () => {
        const cls = await w.s.roster.createClass(w.it, { name: `6e ${randomUUID().slice(0, 4)}`, teacherIds: [w.teacher.userId] });
        const s1 = await w.s.roster.createStudent(w.it, cls.id, { firstName: 'Jules', lastName: 'Roux', secret: '4321' });
        const g = await w.s.roster.createGroup(w.teacher, cls.id, { name: 'G', studentIds: [s1.id] });
        expect(await refusal(w.s.roster.createGroup(w.teacher, cls.id, { name: 'H', studentIds: [w.students[0]!] }))).toBe('student_not_in_class');
        await w.s.roster.updateStudent(w.it, s1.id, { classId: w.otherClassId });
        expect((await w.s.roster.listGroups(w.it, cls.id)).find((x) => x.id === g.id)!.studentIds).toEqual([]);
        expect(await refusal(w.s.roster.updateStudent(w.it, s1.id, { classId: randomUUID() }))).toBe('target_class_unknown');
      });

      it('imports a roster: a dry run writes nothing, pupils already there are found again, duplicates in the file are refused with codes', async () => {
        const file = Buffer.from('5e B;Martin;Léa\n5e B;Nouvel;Élève\n5e B;Nouvel;Élève\n', 'utf8');
        const dry = await w.s.roster.importRoster(w.it, file, true);
        expect(dry.created).toHaveLength(1);
        expect(dry.unchanged).toBe(1);
        expect(dry.refused.map((r) => [r.line, r.code])).toEqual([[3, 'roster_duplicate_in_file']]);
        expect((await w.s.roster.listStudents(w.it, w.classId)).some((s) => s.lastName === 'Nouvel')).toBe(false);
        expect(await refusal(w.s.roster.importRoster(w.teacher, file, true))).toBe('it_only');
        // The import confirms that very check (issue 19).
        expect(await refusal(w.s.roster.importRoster(w.it, file, false))).toBe('roster_preview_required');
        expect(await refusal(w.s.roster.importRoster(w.it, file, false, undefined, { confirm: '0'.repeat(64) }))).toBe('roster_preview_stale');
        const elsewhere = Buffer.from(`2nde ${randomUUID().slice(0, 4)};Nouvel;Élève\n`, 'utf8'); // not 5e B: other tests count its pupils
        const check = await w.s.roster.importRoster(w.it, elsewhere, true);
        const done = await w.s.roster.importRoster(w.it, elsewhere, false, undefined, { confirm: check.confirmation });
        expect(done.created.map((c) => c.lastName)).toEqual(['Nouvel']);
      });

      it('a SIECLE import records the UAI it showed, and takes pupils out of the groups the export no longer lists them in (issue 19)', async () => {
        const division = `3${randomUUID().slice(0, 4).toUpperCase()}`;
        const run = async (xml: Buffer) => {
          const check = await w.s.roster.importRoster(w.it, xml, true);
          return { check, done: await w.s.roster.importRoster(w.it, xml, false, undefined, { confirm: check.confirmation }) };
        };
        const first = await run(siecleXml('0690002B', [{ id: '1', nom: 'VALÉRY', prenom: 'Paul', division, groupes: ['LATIN', 'GREC'] }]));
        expect(first.check.uai).toEqual({ value: '0690002B', adopted: true });
        expect(first.done.uai).toEqual({ value: '0690002B', adopted: true });
        const next = await run(siecleXml('0690002B', [{ id: '1', nom: 'VALÉRY', prenom: 'Paul', division, groupes: ['GREC'] }]));
        expect(next.check.uai).toEqual({ value: '0690002B', adopted: false });
        expect(next.check.updated).toMatchObject([{ lastName: 'VALÉRY', changes: ['groups'], groupsLeft: ['LATIN'] }]);
        const cls = (await w.s.roster.listClasses(w.it)).find((c) => c.name === division)!;
        const groups = await w.s.roster.listGroups(w.it, cls.id);
        const paul = next.done.updated[0]!.studentId;
        expect(Object.fromEntries(groups.map((g) => [g.name, g.studentIds.includes(paul!)]))).toEqual({ GREC: true, LATIN: false });
        expect(await refusal(w.s.roster.importRoster(w.it, siecleXml('0999999Z', [{ id: '2', nom: 'X', prenom: 'Y', division }]), true))).toBe('siecle_wrong_school');
      });
    });

    describe('content', () => {
      it('publishes to tablets, bumps the version of an edit they hold, and hides other classes', async () => {
        const a = await publishedAssignment();
        expect(a).toMatchObject({ status: 'published', version: 1 });
        const edited = await w.s.content.updateAssignment(w.teacher, a.id, { title: 'Devoir corrigé' });
        expect(edited.version).toBe(2);
        expect(await refusal(w.s.content.updateAssignment(w.otherTeacher, a.id, { title: 'x' }))).toBe('assignment_not_found');
        expect(await refusal(w.s.content.createAssignment(w.it, w.classId, { title: 'x', instructionsMarkdown: '', dueAt: null, questions: QUESTIONS }))).toBe('teacher_only');
        expect(await refusal(w.s.content.createAssignment(w.teacher, w.classId, { title: 'x', instructionsMarkdown: '', dueAt: null, questions: [QUESTIONS[0]!, QUESTIONS[0]!] }))).toBe('question_id_duplicate');
        const foreignGroup = await w.s.roster.createGroup(w.otherTeacher, w.otherClassId, { name: 'Autre', studentIds: [] });
        expect(await refusal(w.s.content.publishAssignment(w.teacher, a.id, foreignGroup.id))).toBe('group_not_in_class');
      });
    });

    describe('scheduled publishing (issue 13)', () => {
      const HOUR = 3600_000;
      const draft = (title = 'Programmé') => w.s.content.createAssignment(w.teacher, w.classId, { title, instructionsMarkdown: '', dueAt: null, questions: QUESTIONS });
      const pulled = async (cursor: string) => JSON.parse(await w.s.sync.pullJson(w.lea, cursor, 1000)) as { cursor: string; changes: Array<{ op: string; entity: string; id: string; data?: { status: string; publishedAt: string | null; publishAt?: string | null } }> };

      it('reaches a tablet that synced just before only once the server published it at its time (the change log gets a fresh entry then)', async () => {
        const a = await draft();
        const publishAt = new Date(Date.now() + HOUR).toISOString();
        const scheduled = await w.s.content.scheduleAssignment(w.teacher, a.id, { publishAt });
        expect(scheduled).toMatchObject({ status: 'draft', publishAt, publishedAt: null });
        // A tablet syncs just before the time: nothing of it.
        const before = await pulled('');
        expect(before.changes.some((c) => c.id === a.id)).toBe(false);
        // The clock (faked: the instant passed in) has not reached it yet: nothing published, nothing new to pull.
        expect(await w.s.content.publishDueAssignments(new Date(Date.parse(publishAt) - 1000).toISOString())).not.toContain(a.id);
        expect((await pulled(before.cursor)).changes.some((c) => c.id === a.id)).toBe(false);
        expect(await w.s.content.nextScheduledPublication()).toBe(publishAt);
        // Its time came: published for real, and the tablet's old cursor gets it.
        const at = new Date(Date.parse(publishAt) + 1000).toISOString();
        expect(await w.s.content.publishDueAssignments(at)).toContain(a.id);
        const after = await pulled(before.cursor);
        expect(after.changes.find((c) => c.id === a.id)).toMatchObject({ op: 'put', entity: 'assignment', data: { status: 'published', publishedAt: publishAt, publishAt: null } });
        expect(await w.s.content.assignment(w.teacher, a.id)).toMatchObject({ status: 'published', publishAt: null, publishedAt: publishAt });
        // Once: a second run publishes nothing again, and the audit names the author.
        expect(await w.s.content.publishDueAssignments(at)).not.toContain(a.id);
        const audit = (await w.s.audit.list(w.it, { action: 'publish' })).filter((e) => e.targetId === a.id);
        expect(audit).toHaveLength(1);
        expect(audit[0]).toMatchObject({ actorId: w.teacher.userId, details: { scheduled: true } });
      });

      it('is published exactly once when two runs (two processes) race for it', async () => {
        const ids: string[] = [];
        const publishAt = new Date(Date.now() + HOUR).toISOString();
        for (let i = 0; i < 5; i++) {
          const a = await draft(`Course ${i}`);
          await w.s.content.scheduleAssignment(w.teacher, a.id, { publishAt });
          ids.push(a.id);
        }
        const at = new Date(Date.parse(publishAt) + 1).toISOString();
        const runs = await Promise.all([w.s.content.publishDueAssignments(at), w.s.content.publishDueAssignments(at), w.s.content.publishDueAssignments(at)]);
        const mine = runs.flat().filter((id) => ids.includes(id));
        expect(mine.sort()).toEqual([...ids].sort());
      });

      it('moves, cancels and publishes now; refuses a past, far or unreadable time, a published assignment and another teacher', async () => {
        const a = await draft();
        const first = new Date(Date.now() + HOUR).toISOString();
        const later = new Date(Date.now() + 2 * HOUR).toISOString();
        await w.s.content.scheduleAssignment(w.teacher, a.id, { publishAt: first });
        expect((await w.s.content.scheduleAssignment(w.teacher, a.id, { publishAt: later })).publishAt).toBe(later);
        expect(await w.s.content.publishDueAssignments(new Date(Date.parse(first) + 1000).toISOString())).not.toContain(a.id);
        expect((await w.s.content.unscheduleAssignment(w.teacher, a.id)).publishAt).toBeNull();
        expect(await w.s.content.publishDueAssignments(new Date(Date.parse(later) + 1000).toISOString())).not.toContain(a.id);
        expect((await w.s.content.assignment(w.teacher, a.id)).status).toBe('draft');

        expect(await refusal(w.s.content.scheduleAssignment(w.teacher, a.id, { publishAt: new Date(Date.now() - 60_000).toISOString() }))).toBe('publish_at_past');
        expect(await refusal(w.s.content.scheduleAssignment(w.teacher, a.id, { publishAt: new Date(Date.now() + 500 * 24 * HOUR).toISOString() }))).toBe('publish_at_invalid');
        expect(await refusal(w.s.content.scheduleAssignment(w.teacher, a.id, { publishAt: 'mardi prochain à 8 h 00' }))).toBe('publish_at_invalid');
        expect(await refusal(w.s.content.scheduleAssignment(w.otherTeacher, a.id, { publishAt: later }))).toBe('assignment_not_found');
        expect(await refusal(w.s.content.scheduleAssignment(w.it, a.id, { publishAt: later }))).toBe('teacher_only');
        const foreignGroup = await w.s.roster.createGroup(w.otherTeacher, w.otherClassId, { name: `Ailleurs ${randomUUID().slice(0, 4)}`, studentIds: [] });
        expect(await refusal(w.s.content.scheduleAssignment(w.teacher, a.id, { publishAt: later, groupId: foreignGroup.id }))).toBe('group_not_in_class');

        // « Publier maintenant » on a scheduled draft: published at once, the schedule gone (the scheduler will not publish it again).
        await w.s.content.scheduleAssignment(w.teacher, a.id, { publishAt: later });
        expect(await w.s.content.publishAssignment(w.teacher, a.id, null)).toMatchObject({ status: 'published', publishAt: null });
        expect(await w.s.content.publishDueAssignments(new Date(Date.parse(later) + 1000).toISOString())).not.toContain(a.id);
        expect(await refusal(w.s.content.scheduleAssignment(w.teacher, a.id, { publishAt: later }))).toBe('already_published');
      });

      it('never publishes a scheduled draft deleted since', async () => {
        const a = await draft();
        const publishAt = new Date(Date.now() + HOUR).toISOString();
        await w.s.content.scheduleAssignment(w.teacher, a.id, { publishAt });
        await w.s.content.deleteAssignment(w.teacher, a.id);
        expect(await w.s.content.publishDueAssignments(new Date(Date.parse(publishAt) + 1000).toISOString())).not.toContain(a.id);
      });
    });

    describe('assignment media on a copy (issue 13)', () => {
      it('« Dupliquer » copies the images and sounds of the instructions and of each question, descriptions included, as new references to the same bytes', async () => {
        const a = await w.s.content.createAssignment(w.teacher, w.classId, { title: 'Avec images', instructionsMarkdown: 'Regarde.', dueAt: null, questions: QUESTIONS });
        const png = (n: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, n)]);
        const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(64, 3)]);
        const consigne = await w.s.media.addAssignmentMedia(w.teacher, a.id, null, { body: png(1), declaredKind: 'image', name: 'carte.png', detectedExt: 'png' });
        await w.s.media.describeAssignmentMedia(w.teacher, a.id, consigne.id, 'La carte de France et ses fleuves.');
        const son = await w.s.media.addAssignmentMedia(w.teacher, a.id, null, { body: ogg, declaredKind: 'audio', name: 'consigne.ogg', detectedExt: 'ogg' });
        const q1 = await w.s.media.addAssignmentMedia(w.teacher, a.id, 'q1', { body: png(2), declaredKind: 'image', name: 'figure.png', detectedExt: 'png' });
        const sourceMedia = (await w.s.content.assignment(w.teacher, a.id)).media ?? [];

        const other = await w.s.roster.createClass(w.it, { name: `6e ${randomUUID().slice(0, 4)}`, teacherIds: [w.teacher.userId] });
        for (const classId of [w.classId, other.id]) {
          const copy = await w.s.content.duplicateAssignment(w.teacher, a.id, { classId });
          const copyMedia = copy.media ?? [];
          const shape = (m: { kind: string; name: string; description?: string; questionId?: string | null }) => [m.kind, m.name, m.description ?? '', m.questionId ?? null];
          expect(copyMedia.map(shape)).toEqual(sourceMedia.map(shape));
          expect(copyMedia.map(shape)).toEqual([['image', 'carte.png', 'La carte de France et ses fleuves.', null], ['audio', 'consigne.ogg', '', null], ['image', 'figure.png', '', 'q1']]);
          // New references (ids of the copy's own), the same bytes.
          expect(copyMedia.map((m) => m.id).filter((id) => [consigne.id, son.id, q1.id].includes(id))).toEqual([]);
          for (const [i, m] of copyMedia.entries()) {
            const read = await w.s.media.readableLessonMedia(w.teacher, m.id);
            expect(read.assignmentId).toBe(copy.id);
            expect(read.sha256).toBe((await w.s.media.readableLessonMedia(w.teacher, sourceMedia[i]!.id)).sha256);
          }
        }
        // The copy's media are its own: removing the original's leaves the copy's (and their bytes) in place.
        const copy = (await w.s.content.listAssignments(w.teacher, w.classId)).find((x) => x.id !== a.id && x.title === 'Avec images')!;
        const copyMedia = copy.media ?? [];
        await w.s.media.removeAssignmentMedia(w.teacher, a.id, consigne.id);
        await w.s.content.deleteAssignment(w.teacher, a.id);
        const kept = await w.s.media.readableLessonMedia(w.teacher, copyMedia[0]!.id);
        expect(kept.name).toBe('carte.png');
        expect(await w.s.blobs.has(kept.sha256)).toBe(true);
        // A copy's own change does not touch another copy.
        await w.s.media.describeAssignmentMedia(w.teacher, copy.id, copyMedia[0]!.id, 'Autre description');
        expect((await w.s.content.assignment(w.teacher, copy.id)).media?.[0]?.description).toBe('Autre description');
      });
    });

    describe('lesson link (issue 13)', () => {
      it('links an assignment to a live lesson of its class only, keeps it on a copy in the same class, drops it in another', async () => {
        const lesson = await w.s.content.createLesson(w.teacher, w.classId, { title: 'Les fractions', bodyMarkdown: 'Une fraction…' });
        const foreign = await w.s.content.createLesson(w.otherTeacher, w.otherClassId, { title: 'Ailleurs', bodyMarkdown: '' });
        const a = await w.s.content.createAssignment(w.teacher, w.classId, { title: 'Exercices', instructionsMarkdown: '', dueAt: null, questions: QUESTIONS, lessonId: lesson.id });
        expect(a.lessonId).toBe(lesson.id);
        expect(await refusal(w.s.content.updateAssignment(w.teacher, a.id, { lessonId: foreign.id }))).toBe('lesson_not_found');
        expect(await refusal(w.s.content.createAssignment(w.teacher, w.classId, { title: 'x', instructionsMarkdown: '', dueAt: null, questions: QUESTIONS, lessonId: randomUUID() }))).toBe('lesson_not_found');
        expect((await w.s.content.updateAssignment(w.teacher, a.id, { title: 'Exercices 2' })).lessonId).toBe(lesson.id);
        const other = await w.s.roster.createClass(w.it, { name: `3e ${randomUUID().slice(0, 4)}`, teacherIds: [w.teacher.userId] });
        expect((await w.s.content.duplicateAssignment(w.teacher, a.id, { classId: w.classId })).lessonId).toBe(lesson.id);
        expect((await w.s.content.duplicateAssignment(w.teacher, a.id, { classId: other.id })).lessonId).toBeNull();
        await w.s.content.publishAssignment(w.teacher, a.id, null);
        const page = JSON.parse(await w.s.sync.pullJson(w.lea, '', 1000));
        expect(page.changes.find((c: { id: string }) => c.id === a.id)?.data).toMatchObject({ lessonId: lesson.id });
        const deleted = await w.s.content.createLesson(w.teacher, w.classId, { title: 'Supprimée', bodyMarkdown: '' });
        await w.s.content.deleteLesson(w.teacher, deleted.id);
        expect(await refusal(w.s.content.updateAssignment(w.teacher, a.id, { lessonId: deleted.id }))).toBe('lesson_not_found');
        expect((await w.s.content.updateAssignment(w.teacher, a.id, { lessonId: null })).lessonId).toBeNull();
      });
    });

    describe('audit log', () => {
      it('records an adult action in its own transaction (none for a refused one), filtered by action, person and period, the school’s only', async () => {
        const a = await w.s.content.createAssignment(w.teacher, w.classId, { title: 'Devoir audité', instructionsMarkdown: '', dueAt: null, questions: QUESTIONS });
        const mine = (q = {}) => w.s.audit.list(w.it, q);
        const before = (await mine({ action: 'publish' })).length;
        await w.s.content.publishAssignment(w.teacher, a.id, null);
        const foreignGroup = await w.s.roster.createGroup(w.otherTeacher, w.otherClassId, { name: 'Ailleurs', studentIds: [] });
        expect(await refusal(w.s.content.publishAssignment(w.teacher, a.id, foreignGroup.id))).toBe('group_not_in_class');
        const published = await mine({ action: 'publish' });
        expect(published.length).toBe(before + 1);
        expect(published[0]).toMatchObject({ actorId: w.teacher.userId, actorName: 'prof', action: 'publish', targetType: 'assignment', targetId: a.id, targetLabel: 'Devoir audité' });
        expect((await mine({ actorId: w.teacher.userId })).every((e) => e.actorId === w.teacher.userId)).toBe(true);
        const today = new Date().toISOString().slice(0, 10);
        expect((await mine({ action: 'publish', from: today, to: today })).length).toBe(before + 1);
        expect(await mine({ action: 'publish', to: '2001-01-01' })).toEqual([]);
        expect(await refusal(mine({ from: '2030-01-02', to: '2030-01-01' }))).toBe('audit_filter_invalid');
        expect(await refusal(w.s.audit.list(w.teacher))).toBe('it_only');
        // Another school's referent sees none of it.
        const other = await w.s.school.createSchool(`Autre ${randomUUID().slice(0, 6)}`);
        const otherIt = await w.s.school.createUser(SYSTEM, { schoolId: other.id, role: 'it', login: `it.${randomUUID().slice(0, 8)}`, displayName: 'Autre IT', password: 'pass-word-1' });
        expect((await w.s.audit.list({ kind: 'user', userId: otherIt.id, role: 'it', schoolId: other.id }, { action: 'publish' })).length).toBe(0);
      });
    });

    describe('subjects (homework diary)', () => {
      it('a class and an assignment carry their subject, and the pull brings both with the teacher’s name', async () => {
        const cls = await w.s.roster.createClass(w.it, { name: `3e ${randomUUID().slice(0, 4)}`, teacherIds: [w.teacher.userId], subject: '  Mathématiques ' });
        expect(cls.subject).toBe('Mathématiques');
        expect((await w.s.roster.updateClass(w.it, w.classId, { subject: 'Français' })).subject).toBe('Français');
        const own = await w.s.content.createAssignment(w.teacher, w.classId, { title: 'SVT', instructionsMarkdown: '', dueAt: null, questions: QUESTIONS, subject: 'SVT' });
        const byClass = await w.s.content.createAssignment(w.teacher, w.classId, { title: 'Dictée', instructionsMarkdown: '', dueAt: null, questions: QUESTIONS });
        expect(own).toMatchObject({ subject: 'SVT', authorName: 'prof' });
        expect(byClass).toMatchObject({ subject: null, authorName: 'prof' });
        // Blank clears it (back to the class's); absent keeps it.
        expect((await w.s.content.updateAssignment(w.teacher, own.id, { subject: ' ' })).subject).toBeNull();
        expect((await w.s.content.updateAssignment(w.teacher, own.id, { subject: 'Sciences' })).subject).toBe('Sciences');
        expect((await w.s.content.updateAssignment(w.teacher, own.id, { title: 'SVT : la cellule' })).subject).toBe('Sciences');
        await w.s.content.publishAssignment(w.teacher, own.id, null);
        await w.s.content.publishAssignment(w.teacher, byClass.id, null);
        const page = JSON.parse(await w.s.sync.pullJson(w.lea, '', 1000));
        expect(Value.Check(PullResponse, page)).toBe(true);
        const data = (entity: string, id: string) => page.changes.find((c: { entity: string; id: string }) => c.entity === entity && c.id === id)?.data;
        expect(data('class', w.classId)).toMatchObject({ subject: 'Français' });
        expect(data('assignment', own.id)).toMatchObject({ subject: 'Sciences', authorName: 'prof' });
        expect(data('assignment', byClass.id)).toMatchObject({ subject: null, authorName: 'prof' });
      });
    });

    describe('the class subject set by its teacher', () => {
      it('the class’s teacher sets and clears it, the tablets hear of it; another class’s teacher cannot', async () => {
        const before = JSON.parse(await w.s.sync.pullJson(w.lea, '', 1000)) as { cursor: string };
        expect((await w.s.roster.setClassSubject(w.teacher, w.classId, '  Histoire-géographie ')).subject).toBe('Histoire-géographie');
        const page = JSON.parse(await w.s.sync.pullJson(w.lea, before.cursor, 1000)) as { changes: { entity: string; id: string; data?: { subject?: string | null } }[] };
        expect(page.changes.find((c) => c.entity === 'class' && c.id === w.classId)?.data).toMatchObject({ subject: 'Histoire-géographie' });
        expect(await refusal(w.s.roster.setClassSubject(w.otherTeacher, w.classId, 'Anglais'))).toBe('class_not_found');
        expect(await refusal(w.s.roster.updateClass(w.teacher, w.classId, { subject: 'Anglais' }))).toBe('it_only');
        expect((await w.s.roster.setClassSubject(w.teacher, w.classId, ' ')).subject).toBeNull();
        expect((await w.s.roster.setClassSubject(w.it, w.classId, 'Français')).subject).toBe('Français');
      });
    });

    describe('live class (issue 17)', () => {
      it('runs one session per audience, writes each command, scopes it to the pupils, and dates each tablet’s last item', async () => {
        const a = await publishedAssignment();
        const s = await w.s.live.start(w.teacher, w.classId, null);
        expect((await w.s.live.start(w.teacher, w.classId, null)).id).toBe(s.id);
        expect(await refusal(w.s.live.start(w.otherTeacher, w.classId, null))).toBe('class_not_found');
        expect(await refusal(w.s.live.start(w.it, w.classId, null))).toBe('teacher_only');
        const pushed = await w.s.live.pushActivity(w.teacher, s.id, { kind: 'assignment', id: a.id });
        expect(pushed).toMatchObject({ activity: { kind: 'assignment', id: a.id, title: 'Devoir' }, version: s.version + 1 });
        expect((await w.s.live.attention(w.teacher, s.id, true)).attentionSince).toBeTruthy();
        expect(await refusal(w.s.live.collect(w.otherTeacher, s.id))).toBe('live_session_not_found');
        const tablet = await w.s.live.tabletState(w.lea);
        expect(tablet).toEqual([expect.objectContaining({ id: s.id, activity: expect.objectContaining({ id: a.id }), attentionSince: pushed.attentionSince ?? expect.any(String) })]);
        const before = await w.s.live.room(w.teacher, s.id);
        expect(before.tablets.find((d) => d.deviceId === w.deviceId)?.lastItemAt).toBeNull();
        const at = new Date().toISOString();
        await w.s.sync.push(w.lea, [mutation(a.id)], at);
        const room = await w.s.live.room(w.teacher, s.id);
        expect(room.tablets.find((d) => d.deviceId === w.deviceId)?.lastItemAt).toBe(at);
        expect(room.pupils.find((p) => p.studentId === w.lea.studentId)).toMatchObject({ handIn: 'draft', online: false });
        await w.s.live.end(w.teacher, s.id);
        expect(await w.s.live.tabletState(w.lea)).toEqual([]);
        expect(await refusal(w.s.live.attention(w.teacher, s.id, false))).toBe('live_session_not_found');
      });
    });

    describe('sync', () => {
      it('applies a mutation exactly once, and refuses work on what the student may not see', async () => {
        const a = await publishedAssignment();
        const m = mutation(a.id, 'work.submit');
        const [first] = await w.s.sync.push(w.lea, [m], new Date().toISOString());
        expect(first).toMatchObject({ status: 'applied', submission: { state: 'submitted', late: false } });
        const [again] = await w.s.sync.push(w.lea, [m], new Date().toISOString());
        expect(again).toMatchObject({ status: 'duplicate', first: { status: 'applied' } });
        const draft = await w.s.content.createAssignment(w.teacher, w.classId, { title: 'Brouillon', instructionsMarkdown: '', dueAt: null, questions: QUESTIONS });
        const [refused] = await w.s.sync.push(w.lea, [mutation(draft.id)], new Date().toISOString());
        expect(refused).toMatchObject({ status: 'rejected', code: 'assignment_unavailable' });
      });

      it('marks a late hand-in and turns a hand-in that no longer fits the edited assignment into a conflict', async () => {
        const late = await publishedAssignment({ dueAt: new Date(Date.now() - 3600_000).toISOString() });
        const [r] = await w.s.sync.push(w.lea, [mutation(late.id, 'work.submit')], new Date().toISOString());
        expect(r).toMatchObject({ status: 'applied', submission: { late: true } });
        const a = await publishedAssignment();
        await w.s.content.updateAssignment(w.teacher, a.id, { questions: [QUESTIONS[0]!] });
        const [c] = await w.s.sync.push(w.lea, [mutation(a.id, 'work.submit', [{ questionId: 'q2', choiceIds: ['a'] }], 1)], new Date().toISOString());
        expect(c).toMatchObject({ status: 'conflict', code: 'assignment_changed', submission: { state: 'draft' } });
      });

      it('pulls what the student may see, in the pull schema, and expires a cursor taken under other scopes', async () => {
        const a = await publishedAssignment();
        const page = JSON.parse(await w.s.sync.pullJson(w.lea, '', 1000));
        expect(Value.Check(PullResponse, page), JSON.stringify([...Value.Errors(PullResponse, page)].slice(0, 2))).toBe(true);
        expect(page.changes.some((c: { id: string }) => c.id === a.id)).toBe(true);
        const noChange = JSON.parse(await w.s.sync.pullJson(w.lea, page.cursor, 1000));
        expect(noChange.changes).toEqual([]);
        await w.s.content.unpublishAssignment(w.teacher, a.id);
        const after = JSON.parse(await w.s.sync.pullJson(w.lea, page.cursor, 1000));
        expect(Value.Check(PullResponse, after)).toBe(true);
        expect(after.changes).toContainEqual({ op: 'delete', entity: 'assignment', id: a.id, scope: `class:${w.classId}` });
        await w.s.roster.createGroup(w.teacher, w.classId, { name: `Soutien ${randomUUID().slice(0, 4)}`, studentIds: [w.lea.studentId] });
        expect(await refusal(w.s.sync.pullJson(w.lea, after.cursor, 1000))).toBe('cursor_expired');
      });
    });

    describe('marking', () => {
      it('returns only handed-in work with feedback, and keeps feedback from the tablet until returned', async () => {
        const a = await publishedAssignment();
        const hugo: StudentActor = { ...w.lea, studentId: w.students[1]! };
        const [draft] = await w.s.sync.push(hugo, [mutation(a.id)], new Date().toISOString());
        const subId = draft?.status === 'applied' ? draft.submission.id : '';
        expect(await refusal(w.s.marking.returnFeedback(w.teacher, subId))).toBe('not_handed_in');
        await w.s.sync.push(hugo, [mutation(a.id, 'work.submit')], new Date().toISOString());
        expect(await refusal(w.s.marking.returnFeedback(w.teacher, subId))).toBe('feedback_missing');
        expect(await refusal(w.s.marking.saveFeedback(w.teacher, subId, { perQuestion: [{ questionId: 'q1', points: 5, comment: '' }], comment: '', mark: 1, maxMark: 5 }))).toBe('feedback_points_too_high');
        await w.s.marking.saveFeedback(w.teacher, subId, { perQuestion: [], comment: 'Bien.', mark: 4, maxMark: 5 });
        const before = JSON.parse(await w.s.sync.pullJson(hugo, '', 1000));
        expect(before.changes.some((c: { entity: string }) => c.entity === 'feedback')).toBe(false);
        const returned = await w.s.marking.returnFeedback(w.teacher, subId);
        expect(returned.returnedAt).not.toBeNull();
        const rows = await w.s.marking.submissionsOf(w.teacher, a.id);
        expect(rows.find((r) => r.student.id === hugo.studentId)).toMatchObject({ submission: { state: 'returned' }, feedback: { mark: 4 } });
        expect(await refusal(w.s.marking.submission(w.otherTeacher, subId))).toBe('submission_not_found');
      });
    });

    describe('following up pupils’ work (issue 13)', () => {
      it('sends a copy back to redo, gives a pupil their own due date, reminds those who have not handed in, keeps a spoken comment', async () => {
        const a = await publishedAssignment({ dueAt: new Date(Date.now() - 3600_000).toISOString() });
        const [handed] = await w.s.sync.push(w.lea, [mutation(a.id, 'work.submit')], new Date().toISOString());
        const subId = handed?.status === 'applied' ? handed.submission.id : '';
        expect(handed).toMatchObject({ submission: { late: true } });

        // A due date of her own: she is no longer late; the IT referent and another teacher may not.
        const later = new Date(Date.now() + 7 * 86400_000).toISOString();
        expect(await refusal(w.s.followUp.setDue(w.it, a.id, w.lea.studentId, later))).toBe('teacher_only');
        expect(await refusal(w.s.followUp.setDue(w.otherTeacher, a.id, w.lea.studentId, later))).toBe('assignment_not_found');
        expect(await w.s.followUp.setDue(w.teacher, a.id, w.lea.studentId, later)).toMatchObject({ dueAt: later, late: false });

        // Sent back: a draft again, her answers kept, the next hand-in a new revision.
        expect(await refusal(w.s.followUp.sendBack(w.teacher, subId, ' '))).toBe('send_back_message_required');
        const back = await w.s.followUp.sendBack(w.teacher, subId, 'Justifie ta réponse.');
        expect(back).toMatchObject({ state: 'draft', sentBack: { message: 'Justifie ta réponse.' }, dueAt: later, latest: { number: 1 } });
        expect(await refusal(w.s.followUp.sendBack(w.teacher, subId, 'Encore.'))).toBe('not_handed_in');

        // Reminded: the three pupils (Léa's copy is back in her hands), each once.
        const r = await w.s.followUp.remind(w.teacher, a.id, 'À rendre vite.');
        expect(r.reminded).toBe(3);
        const page = JSON.parse(await w.s.sync.pullJson(w.lea, '', 1000));
        const mine = page.changes.find((c: { entity: string; id: string }) => c.entity === 'submission' && c.id === subId);
        expect(mine.data).toMatchObject({ state: 'draft', sentBack: { message: 'Justifie ta réponse.' }, reminder: { message: 'À rendre vite.' }, dueAt: later });

        const [again] = await w.s.sync.push(w.lea, [mutation(a.id, 'work.submit', [{ questionId: 'q1', text: 'justifié' }])], new Date().toISOString());
        expect(again).toMatchObject({ status: 'applied', submission: { state: 'submitted', resubmitted: true, late: false, submitted: { number: 2 }, sentBack: null, reminder: null } });

        // A spoken comment: re-recording detaches the previous one; the current one goes with the feedback.
        const bytes = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x87, 0x42, 0x82, 0x84, ...new TextEncoder().encode('webm'), 1, 2, 3, 4]);
        expect(await refusal(w.s.feedbackAudio.attach(w.it, subId, { body: bytes, detectedExt: 'webm', durationMs: 2000 }))).toBe('teacher_only');
        const first = await w.s.feedbackAudio.attach(w.teacher, subId, { body: bytes, detectedExt: 'webm', durationMs: 2000 });
        const second = await w.s.feedbackAudio.attach(w.teacher, subId, { body: bytes, detectedExt: 'webm', durationMs: 2500 });
        expect(second.audio).toMatchObject({ durationMs: 2500 });
        expect(second.audio!.id).not.toBe(first.audio!.id);
        expect((await w.s.marking.submission(w.teacher, subId)).feedback?.audio?.id).toBe(second.audio!.id);
        expect((await w.s.feedbackAudio.remove(w.teacher, subId)).audio).toBeNull();
        expect(await refusal(w.s.feedbackAudio.remove(w.teacher, subId))).toBe('media_not_found');
      });
    });

    describe('questions that mark themselves (issue 13)', () => {
      const AUTO: Question[] = [
        { id: 'm1', kind: 'choice', prompt: 'Nombres premiers ?', points: 3, multiple: true, choices: [{ id: 'a', label: '2' }, { id: 'b', label: '3' }, { id: 'c', label: '4' }, { id: 'd', label: '5' }], key: { choiceIds: ['a', 'b', 'd'] } },
        { id: 'm2', kind: 'truefalse', prompt: 'La Terre est plate.', points: 1, key: { truth: false } },
        { id: 'm3', kind: 'numeric', prompt: '5 ÷ 2 ?', points: 1, key: { value: 2.5, tolerance: 0 } },
        { id: 'm4', kind: 'short', prompt: 'Capitale de l’Égypte ?', points: 1, key: { accepted: ['Le Caire'], ignoreCase: true, ignoreAccents: true } },
        { id: 'm5', kind: 'blanks', prompt: 'Le [...] boit du [...].', points: 2, key: { blanks: [['chat'], ['lait']] } },
        { id: 'm6', kind: 'matching', prompt: 'Relie.', points: 2, left: [{ id: 'l1', label: 'France' }, { id: 'l2', label: 'Italie' }], choices: [{ id: 'r1', label: 'Paris' }, { id: 'r2', label: 'Rome' }], key: { pairs: [{ left: 'l1', right: 'r1' }, { left: 'l2', right: 'r2' }] } },
        { id: 'm7', kind: 'text', prompt: 'Explique.', points: 2 },
      ];
      const ANSWERS: Answer[] = [
        { questionId: 'm1', choiceIds: ['a', 'b', 'c'] }, // 2 right, 1 wrong: (2 − 1) / 3 × 3 = 1
        { questionId: 'm2', text: 'false' },
        { questionId: 'm3', text: '2,5' },
        { questionId: 'm4', text: 'le caire' },
        { questionId: 'm5', texts: ['chat', 'eau'] },
        { questionId: 'm6', pairs: [{ left: 'l1', right: 'r1' }, { left: 'l2', right: 'r2' }] },
        { questionId: 'm7', text: 'Parce que.' },
      ];
      const KEY_MARK = '"key"';

      it('marks at hand-in, keeps the keys off the tablet until the return, and the teacher’s points win', async () => {
        const draft = await w.s.content.createAssignment(w.teacher, w.classId, { title: 'Auto', instructionsMarkdown: '', dueAt: null, questions: AUTO });
        expect(draft.resultPolicy).toBe('on_return');
        expect(draft.questions[0]?.key).toEqual({ choiceIds: ['a', 'b', 'd'] }); // the teacher sees them
        const a = await w.s.content.publishAssignment(w.teacher, draft.id, null);
        const ines: StudentActor = { ...w.lea, studentId: w.students[2]! };
        const first = JSON.parse(await w.s.sync.pullJson(ines, '', 1000));
        expect(Value.Check(PullResponse, first)).toBe(true);
        const pulled = first.changes.find((c: { entity: string; id: string }) => c.entity === 'assignment' && c.id === a.id);
        expect(pulled.data.questions).toHaveLength(AUTO.length);
        expect(JSON.stringify(pulled)).not.toContain(KEY_MARK);
        expect(JSON.stringify(pulled)).not.toContain('Le Caire');

        const [r] = await w.s.sync.push(ines, [mutation(a.id, 'work.submit', ANSWERS, a.version)], new Date().toISOString());
        expect(r?.status).toBe('applied');
        const subId = r?.status === 'applied' ? r.submission.id : '';
        expect(r?.status === 'applied' && r.submission.autoMarks).toBeUndefined(); // not to the tablet
        const detail = await w.s.marking.submission(w.teacher, subId);
        expect(detail.submission.autoMarks?.map((m) => [m.questionId, m.points, m.max])).toEqual([
          ['m1', 1, 3], ['m2', 1, 1], ['m3', 1, 1], ['m4', 1, 1], ['m5', 1, 2], ['m6', 2, 2],
        ]);
        expect(detail.submission.autoMarks?.find((m) => m.questionId === 'm5')).toMatchObject({ right: 1, of: 2 });

        // The teacher overrides m5 and marks m7 by hand; the other points stay automatic (null).
        await w.s.marking.saveFeedback(w.teacher, subId, { perQuestion: [{ questionId: 'm5', points: 2, comment: 'Accepté.' }, { questionId: 'm7', points: 1.5, comment: '' }], comment: '', mark: 9.5, maxMark: 12 });
        const before = JSON.parse(await w.s.sync.pullJson(ines, first.cursor, 1000));
        expect(JSON.stringify(before)).not.toContain(KEY_MARK);
        await w.s.marking.returnFeedback(w.teacher, subId);
        const after = JSON.parse(await w.s.sync.pullJson(ines, before.cursor, 1000));
        expect(Value.Check(PullResponse, after), JSON.stringify([...Value.Errors(PullResponse, after)].slice(0, 2))).toBe(true);
        const fb = after.changes.find((c: { entity: string }) => c.entity === 'feedback')?.data;
        expect(fb).toMatchObject({ mark: 9.5, maxMark: 12 });
        expect(fb.autoMarks).toHaveLength(6);
        expect(fb.keys.find((k: { questionId: string }) => k.questionId === 'm4').key.accepted).toEqual(['Le Caire']);
        // Hugo, who handed in nothing, still has no key.
        const hugo: StudentActor = { ...w.lea, studentId: w.students[1]! };
        expect(JSON.stringify(JSON.parse(await w.s.sync.pullJson(hugo, '', 1000)).changes.filter((c: { data?: { id?: string; assignmentId?: string } }) => c.data?.id === a.id || c.data?.assignmentId === a.id))).not.toContain(KEY_MARK);
      });

      it('sends the keys with the assignment when the result is immediate, and refuses a key that does not fit', async () => {
        const a = await w.s.content.createAssignment(w.teacher, w.classId, { title: 'Immédiat', instructionsMarkdown: '', dueAt: null, questions: AUTO, resultPolicy: 'immediate' });
        await w.s.content.publishAssignment(w.teacher, a.id, null);
        const page = JSON.parse(await w.s.sync.pullJson(w.lea, '', 1000));
        const pulled = page.changes.find((c: { entity: string; id: string }) => c.entity === 'assignment' && c.id === a.id);
        expect(pulled.data).toMatchObject({ resultPolicy: 'immediate' });
        expect(pulled.data.questions[2].key).toEqual({ value: 2.5, tolerance: 0 });
        expect((await w.s.content.updateAssignment(w.teacher, a.id, { resultPolicy: 'on_return' })).resultPolicy).toBe('on_return');
        const bad = (q: Partial<Question>) => w.s.content.createAssignment(w.teacher, w.classId, { title: 'Faux', instructionsMarkdown: '', dueAt: null, questions: [{ ...AUTO[0]!, ...q }] });
        expect(await refusal(bad({ key: { choiceIds: ['z'] } }))).toBe('key_choice_unknown');
        expect(await refusal(bad({ multiple: false, key: { choiceIds: ['a', 'b'] } }))).toBe('key_invalid');
        expect(await refusal(bad({ kind: 'text', choices: undefined, multiple: undefined }))).toBe('key_not_allowed');
        expect(await refusal(bad({ kind: 'numeric', choices: undefined, multiple: undefined, key: undefined }))).toBe('key_missing');
        expect(await refusal(bad({ kind: 'blanks', choices: undefined, multiple: undefined, prompt: 'Un [...] seul.', key: { blanks: [['a'], ['b']] } }))).toBe('blanks_key_mismatch');
        // An old choice question without a key is still fine: marked by hand.
        const old = await w.s.content.createAssignment(w.teacher, w.classId, { title: 'Ancien', instructionsMarkdown: '', dueAt: null, questions: QUESTIONS });
        expect(old.questions[1]?.key).toBeUndefined();
      });
    });

    describe('media and paper', () => {
      it('checks an upload before it starts, and lets only the right people read an attachment', async () => {
        const decl = { attachmentId: randomUUID(), kind: 'photo', mime: 'image/jpeg', sha256: 'a'.repeat(64), size: 1000, uploadId: randomUUID().replace(/-/g, '') };
        expect(await refusal(w.s.media.beginUpload(w.lea, { ...decl, kind: 'video' }))).toBe('attachment_kind_invalid');
        expect(await refusal(w.s.media.beginUpload(w.lea, { ...decl, mime: 'text/html' }))).toBe('attachment_mime_unsupported');
        expect(await refusal(w.s.media.beginUpload(w.lea, { ...decl, size: 100 * 1024 * 1024 }))).toBe('attachment_too_large');
        await w.s.media.beginUpload(w.lea, decl);
        const hugo: StudentActor = { ...w.lea, studentId: w.students[1]! };
        expect(await refusal(w.s.media.beginUpload(hugo, decl))).toBe('attachment_id_taken');
        expect(await w.s.media.uploadOwnedBy(hugo, decl.uploadId)).toBe(false);
        expect(await refusal(w.s.media.readableAttachment(w.lea, decl.attachmentId))).toBe('attachment_uploading');
        expect(await refusal(w.s.media.readableAttachment(hugo, decl.attachmentId))).toBe('attachment_not_found');
        expect(await refusal(w.s.media.readableAttachment(w.otherTeacher, decl.attachmentId))).toBe('attachment_not_found');
      });

      it('turns a photographed sheet into the pupil\'s handed-in work, by the hand-in rules', async () => {
        const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7), Buffer.from([0xff, 0xd9])]);
        const photo = { body: jpeg, declaredMime: 'image/jpeg', detectedExt: 'jpg' };
        const draft = await w.s.content.createAssignment(w.teacher, w.classId, { title: 'Papier', instructionsMarkdown: '', dueAt: null, questions: QUESTIONS });
        expect(await refusal(w.s.paper.attachPaperWork(w.teacher, draft.id, w.students[2]!, null, photo))).toBe('assignment_not_published');
        const a = await publishedAssignment();
        expect(await refusal(w.s.paper.attachPaperWork(w.otherTeacher, a.id, w.students[2]!, null, photo))).toBe('assignment_not_found');
        expect(await refusal(w.s.paper.attachPaperWork(w.teacher, a.id, randomUUID(), null, photo))).toBe('student_not_found');
        const r = await w.s.paper.attachPaperWork(w.teacher, a.id, w.students[2]!, null, photo);
        expect(r.submission).toMatchObject({ state: 'submitted', complete: true });
        expect(r.submission.submitted!.answers).toEqual([{ questionId: 'q3', attachmentIds: [r.attachment.id] }]);
        expect((await w.s.media.readableAttachment(w.teacher, r.attachment.id)).sha256).toBe(r.attachment.sha256);
      });

      it('records a paper pack per pupil: printed, sent, received; a reprint keeps the pupil\'s code (issue 15)', async () => {
        const draft = await w.s.content.createAssignment(w.teacher, w.classId, { title: 'Papier', instructionsMarkdown: '', dueAt: null, questions: QUESTIONS });
        expect(await refusal(w.s.paperPacks.printPack(w.teacher, draft.id, [w.students[0]!]))).toBe('assignment_not_published');
        const a = await publishedAssignment();
        expect(await refusal(w.s.paperPacks.printPack(w.otherTeacher, a.id, [w.students[0]!]))).toBe('assignment_not_found');
        expect(await refusal(w.s.paperPacks.printPack(w.teacher, a.id, []))).toBe('paper_students_required');
        expect(await refusal(w.s.paperPacks.printPack(w.teacher, a.id, [randomUUID()]))).toBe('student_not_found');
        expect(await refusal(w.s.paperPacks.markSent(w.teacher, a.id, [w.students[1]!]))).toBe('paper_student_not_in_pack');

        const first = await w.s.paperPacks.printPack(w.teacher, a.id, [w.students[0]!, w.students[1]!]);
        expect(Buffer.from(first.pdf.subarray(0, 5)).toString()).toBe('%PDF-');
        const codes = async () => new Map((await w.s.db.read((tx) => tx.paperPacks.listByAssignment(a.id))).map((p) => [p.studentId, p.code]));
        const before = await codes();
        expect(before.size).toBe(2);
        expect(new Set(before.values()).size).toBe(2);
        for (const c of before.values()) expect(c).toMatch(/^[A-Z2-7]{16}$/);
        await w.s.paperPacks.printPack(w.teacher, a.id, [w.students[1]!]);
        expect(await codes()).toEqual(before);
        expect((await w.s.db.read((tx) => tx.paperPacks.byCode(before.get(w.students[1]!)!)))?.studentId).toBe(w.students[1]);

        const sent = await w.s.paperPacks.markSent(w.teacher, a.id, [w.students[0]!]);
        const lea = sent.find((p) => p.studentId === w.students[0]);
        expect(lea?.sentAt).toEqual(expect.any(String));
        expect(sent.find((p) => p.studentId === w.students[1])?.sentAt).toBeNull();
        const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 9), Buffer.from([0xff, 0xd9])]);
        await w.s.paper.attachPaperWork(w.teacher, a.id, w.students[0]!, null, { body: jpeg, declaredMime: 'image/jpeg', detectedExt: 'jpg' });
        const back = await w.s.paperPacks.packs(w.teacher, a.id);
        const received = back.find((p) => p.studentId === w.students[0])!.receivedAt;
        expect(received).toEqual(expect.any(String));
        await w.s.paper.attachPaperWork(w.teacher, a.id, w.students[0]!, null, { body: jpeg, declaredMime: 'image/jpeg', detectedExt: 'jpg' });
        expect((await w.s.paperPacks.packs(w.teacher, a.id)).find((p) => p.studentId === w.students[0])!.receivedAt).toBe(received); // the first sheet's date
        expect(await refusal(w.s.paperPacks.packs(w.otherTeacher, a.id))).toBe('assignment_not_found');
      });

      it('keeps each returned page once, at its pupil and page or in the tray; the boxes read become answers (issue 15)', async () => {
        const a = await publishedAssignment();
        await w.s.paperPacks.printPack(w.teacher, a.id, [w.students[0]!]);
        const view = await w.s.paperReturns.returns(w.teacher, a.id);
        const [code, pages] = Object.entries(view.layouts)[0]!;
        const page = pages.findIndex((p) => p.some((b) => b.questionId === 'q2')) + 1;
        const jpeg = (n: number) => ({ body: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, n), Buffer.from([0xff, 0xd9])]), declaredMime: 'image/jpeg', detectedExt: 'jpg' });
        const read = { code, page: String(page), layoutVersion: String(a.version), boxes: 'q2.a.e~q2.b.t' };
        expect(await w.s.paperReturns.receive(w.teacher, a.id, jpeg(1), read)).toMatchObject({ outcome: 'attached', studentId: w.students[0], page, unsure: 0 });
        expect(await w.s.paperReturns.receive(w.teacher, a.id, jpeg(2), read)).toMatchObject({ outcome: 'duplicate', page });
        const tray = await w.s.paperReturns.receive(w.teacher, a.id, jpeg(3), {});
        expect(tray).toMatchObject({ outcome: 'tray', studentId: null });
        expect(await w.s.paperReturns.receive(w.teacher, a.id, jpeg(3), {})).toMatchObject({ outcome: 'duplicate', pageId: tray.pageId });
        const after = await w.s.paperReturns.returns(w.teacher, a.id);
        expect(after.received.map((p) => [p.studentId, p.page])).toEqual([[w.students[0], page]]);
        expect(after.tray.map((p) => p.id)).toEqual([tray.pageId]);
        const rows = await w.s.marking.submissionsOf(w.teacher, a.id);
        const sub = rows.find((r) => r.student.id === w.students[0])!.submission!;
        expect(sub.submitted!.answers.find((x) => x.questionId === 'q2')).toMatchObject({ choiceIds: ['b'] });
        await w.s.paperReturns.discard(w.teacher, a.id, tray.pageId!);
        expect((await w.s.paperReturns.returns(w.teacher, a.id)).tray).toEqual([]);
        expect(await refusal(w.s.paperReturns.returns(w.otherTeacher, a.id))).toBe('assignment_not_found');
      });
    });

    describe('photo annotations (issue 13)', () => {
      it('a teacher of the class annotates a photo of the copy; the pupil gets the layer with the return, as it was then', async () => {
        const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 9), Buffer.from([0xff, 0xd9])]);
        const a = await publishedAssignment();
        const ines: StudentActor = { ...w.lea, studentId: w.students[2]! };
        const { submission, attachment } = await w.s.paper.attachPaperWork(w.teacher, a.id, ines.studentId, null, { body: jpeg, declaredMime: 'image/jpeg', detectedExt: 'jpg' });
        const marks = [{ kind: 'tick' as const, colour: 'green' as const, x: 0.2, y: 0.3 }, { kind: 'text' as const, colour: 'red' as const, x: 0.1, y: 0.8, text: 'Très bien' }];
        expect(await refusal(w.s.annotations.save(w.otherTeacher, submission.id, attachment.id, marks))).toBe('submission_not_found');
        expect(await refusal(w.s.annotations.save(w.it, submission.id, attachment.id, marks))).toBe('teacher_only');
        expect(await refusal(w.s.annotations.save(w.teacher, submission.id, randomUUID(), marks))).toBe('attachment_not_found');
        expect(await w.s.annotations.save(w.teacher, submission.id, attachment.id, marks)).toMatchObject({ attachmentId: attachment.id, marks, returned: false });
        await w.s.marking.saveFeedback(w.teacher, submission.id, { perQuestion: [], comment: 'Bien.', mark: 4, maxMark: 5 });
        const feedbackOf = async () => {
          const page = JSON.parse(await w.s.sync.pullJson(ines, '', 1000)) as { changes: { entity: string; op: string; data?: { submissionId: string; annotations?: unknown } }[] };
          return page.changes.find((c) => c.entity === 'feedback' && c.op === 'put' && c.data?.submissionId === submission.id)?.data ?? null;
        };
        expect(await feedbackOf()).toBeNull();
        await w.s.marking.returnFeedback(w.teacher, submission.id);
        expect((await feedbackOf())?.annotations).toEqual([expect.objectContaining({ attachmentId: attachment.id, marks })]);
        await w.s.annotations.save(w.teacher, submission.id, attachment.id, marks.slice(0, 1));
        expect((await w.s.marking.submission(w.teacher, submission.id)).annotations).toEqual([expect.objectContaining({ marks: marks.slice(0, 1), returned: false })]);
        expect((await feedbackOf())?.annotations).toEqual([expect.objectContaining({ marks })]); // until the next return
        await w.s.marking.returnFeedback(w.teacher, submission.id);
        expect((await feedbackOf())?.annotations).toEqual([expect.objectContaining({ marks: marks.slice(0, 1) })]);
      });
    });

    describe('devices', () => {
      it('refuses an unknown code, and lists only the teacher\'s classes\' tablets', async () => {
        expect(await refusal(w.s.devices.enrol('ZZZZ-ZZZZ', 'x'))).toBe('enrolment_code_invalid');
        expect(await refusal(w.s.devices.issueCode(w.teacher, { classId: null }))).toBe('enrol_class_required');
        expect((await w.s.devices.list(w.teacher)).map((d) => d.id)).toContain(w.deviceId);
        expect(await w.s.devices.list(w.otherTeacher)).toEqual([]);
        expect(await refusal(w.s.devices.revoke(w.otherTeacher, w.deviceId))).toBe('device_not_found');
      });

      it('lists the live enrolment codes for the IT referent, and a revoked code admits no tablet', async () => {
        const made = await w.s.devices.issueCode(w.teacher, { classId: w.classId });
        const listed = (await w.s.devices.listCodes(w.it)).find((c) => c.id === made.id);
        expect(listed).toMatchObject({ classId: w.classId, className: '5e B', createdByName: 'prof', usesLeft: 30, revokedAt: null, expiresAt: made.expiresAt });
        expect(await refusal(w.s.devices.listCodes(w.teacher))).toBe('it_only');
        await w.s.devices.revokeCode(w.it, made.id);
        expect(await refusal(w.s.devices.revokeCode(w.it, made.id))).toBe('enrolment_code_already_revoked');
        expect(await refusal(w.s.devices.enrol(made.code, 'x'))).toBe('enrolment_code_invalid');
        expect((await w.s.devices.listCodes(w.it)).find((c) => c.id === made.id)?.revokedAt).toBeTruthy();
        expect(await refusal(w.s.devices.revokeCode(w.it, 'unknown'))).toBe('enrolment_code_not_found');
      });

      it('a class’s tablets screen also lists the tablets its pupils use elsewhere, naming only its own pupils (issue 19)', async () => {
        const cdi = await w.s.devices.enrol((await w.s.devices.issueCode(w.it, { classId: null })).code, 'CDI 1');
        const zoe = (await w.s.roster.createStudent(SYSTEM, w.otherClassId, { firstName: 'Zoé', lastName: 'Roux', secret: '1234' })).id;
        const hugo = w.students[1]!;
        const onCdi = { deviceId: cdi.deviceId, schoolId: w.schoolId, classId: null };
        const cdiIn = async (teacher: UserActor, classId: string) => (await w.s.devices.list(teacher, classId)).find((d) => d.id === cdi.deviceId);
        const report = (pendingCount: number, pendingStudents?: { studentId: string; works: number }[]) =>
          w.s.sync.report(cdi.deviceId, '1.0.0', { pendingCount, pendingBytes: pendingCount * 100, storageUsage: null, storageQuota: null, ...(pendingStudents ? { pendingStudents } : {}) }, new Date().toISOString());
        // Nobody of 5e B used it yet: not on their screen.
        expect(await cdiIn(w.teacher, w.classId)).toBeUndefined();
        await w.s.auth.signInStudent(onCdi, hugo, '1234');
        await w.s.auth.signInStudent(onCdi, zoe, '1234');
        await report(2, [{ studentId: zoe, works: 2 }]);
        const seen = await cdiIn(w.teacher, w.classId);
        expect(seen?.visiting).toEqual({ pupils: [{ studentId: hugo, firstName: 'Hugo', lastName: 'Bernard' }], works: 0, unattributed: false });
        expect(seen?.pendingStudents).toEqual([]); // Zoé is not this teacher's pupil
        expect((await cdiIn(w.otherTeacher, w.otherClassId))?.visiting).toMatchObject({ works: 2, unattributed: false });
        // Hugo's own work waits there: named, counted for 5e B only.
        await report(3, [{ studentId: hugo, works: 1 }, { studentId: zoe, works: 2 }]);
        expect(await cdiIn(w.teacher, w.classId)).toMatchObject({ visiting: { works: 1, unattributed: false }, pendingStudents: [{ studentId: hugo, firstName: 'Hugo', works: 1 }] });
        // An older app names nobody: the waiting work may be Hugo's.
        await report(2);
        expect((await cdiIn(w.teacher, w.classId))?.visiting?.unattributed).toBe(true);
        // The tablet's own class never lists it as visiting; the teacher's tablets list is unchanged.
        expect((await w.s.devices.list(w.teacher, w.classId)).find((d) => d.id === w.deviceId)?.visiting).toBeUndefined();
        expect((await w.s.devices.list(w.teacher)).map((d) => d.id)).not.toContain(cdi.deviceId);
        // Declared lost: its pupils' sessions end and it leaves the class screen.
        await w.s.devices.revoke(w.it, cdi.deviceId, { lost: true });
        expect(await cdiIn(w.teacher, w.classId)).toBeUndefined();
      });

      it('a withdrawn tablet says whether a pupil ever signed in on it', async () => {
        const used = await w.s.devices.enrol((await w.s.devices.issueCode(w.it, { classId: w.classId })).code, 'Tablette utilisée');
        const unused = await w.s.devices.enrol((await w.s.devices.issueCode(w.it, { classId: w.classId })).code, 'Tablette neuve');
        await w.s.auth.signInStudent({ deviceId: used.deviceId, schoolId: w.schoolId, classId: w.classId }, w.students[2]!, '1234');
        for (const d of [used, unused]) await w.s.devices.revoke(w.teacher, d.deviceId);
        const list = await w.s.devices.list(w.teacher, w.classId);
        expect(list.find((d) => d.id === used.deviceId)?.used).toBe(true);
        expect(list.find((d) => d.id === unused.deviceId)?.used).toBe(false);
        expect(list.find((d) => d.id === w.deviceId)?.used).toBeUndefined(); // enrolled: not asked
      });
    });

    describe('software updates (issue 16)', () => {
      it('registers builds once, serves each tablet its own (tablet, class, school), rolls back as a new build, halts, and counts what tablets report', async () => {
        const files = (n: number) => `${n}`.repeat(64).slice(0, 64);
        const v1 = (await w.s.updates.registerBuild(SYSTEM, { version: '1.0.0', files: files(1), releaseNote: 'Première' })).build;
        expect((await w.s.updates.registerBuild(SYSTEM, { version: '1.0.0', files: files(1) })).created).toBe(false);
        const v2 = (await w.s.updates.registerBuild(SYSTEM, { version: '1.1.0', files: files(2) })).build;
        expect(v2.number).toBe(v1.number + 1);
        expect(await refusal(w.s.updates.registerBuild(w.teacher, { version: '1.2.0', files: files(3) }))).toBe('it_only');
        expect(await w.s.updates.adoptAsDefault(v1.id)).toBeGreaterThanOrEqual(1);
        expect(await w.s.updates.adoptAsDefault(v2.id)).toBe(0); // a school that runs a build keeps it

        const code = await w.s.devices.issueCode(w.it, { classId: w.otherClassId });
        const other = await w.s.devices.enrol(code.code, 'Tablette 4e');
        const pilotDevice = { deviceId: w.deviceId, schoolId: w.schoolId, classId: w.classId };
        await w.s.updates.setRollout(w.it, { scope: 'class', targetId: w.classId, buildId: v2.id });
        expect((await w.s.updates.shellBuild(other.deviceToken))?.build.id).toBe(v1.id);
        expect((await w.s.updates.checkIn(pilotDevice, { version: '1.0.0', buildId: v1.id, failedStarts: 2, uncaughtErrors: 1, lastError: 'boom' })).buildId).toBe(v2.id);
        await w.s.updates.recordServed(other.deviceId, v1.id);
        await w.s.updates.setRollout(w.it, { scope: 'device', targetId: other.deviceId, buildId: v2.id, pinned: true });
        expect((await w.s.updates.shellBuild(other.deviceToken))?.build.id).toBe(v2.id);

        await w.s.updates.halt(w.it);
        expect((await w.s.updates.shellBuild(other.deviceToken))?.build.id).toBe(v1.id); // kept what it was served
        await w.s.updates.resume(w.it);

        const o = await w.s.updates.rollback(w.it, v1.id);
        const v3 = o.builds[0]!;
        expect(v3).toMatchObject({ version: '1.0.0', rollbackOf: v1.number, number: v2.number + 1 });
        expect(v3.id).not.toBe(v1.id);
        expect(o.classes.find((c) => c.classId === w.classId)).toMatchObject({ buildId: null, targetBuildId: v3.id });
        expect(o.devices.find((d) => d.deviceId === other.deviceId)).toMatchObject({ buildId: v2.id, targetBuildId: v2.id, servedBuildId: v1.id });
        expect(o.builds.find((b) => b.id === v1.id)).toMatchObject({ running: 1, failedStarts: 2, uncaughtErrors: 1 });

        const settings = await w.s.updates.updateSettings(w.it, { minimumVersion: '1.1.0', window: { lessonsFrom: '08:00', lessonsUntil: '17:30', schoolDays: [1, 2, 4, 5, 3], timeZone: 'Europe/Paris' } });
        expect(settings.settings.window.schoolDays).toEqual([1, 2, 3, 4, 5]);
        expect(settings.devices.find((d) => d.deviceId === w.deviceId)?.belowMinimum).toBe(true);
        expect((await w.s.updates.checkIn(pilotDevice, { version: '1.0.0', buildId: v3.id, failedStarts: 0, uncaughtErrors: 0, lastError: null })).minimumVersion).toBe('1.1.0');
        expect(await refusal(w.s.updates.setRollout(w.it, { scope: 'school', buildId: null }))).toBe('build_not_found');
        expect(await refusal(w.s.updates.overview(w.teacher))).toBe('it_only');
      });
    });
  });
}
