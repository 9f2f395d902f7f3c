/**
 * The services' contract, written against the `Services` they expose and the `Database` they
 * run on — never against SQL. `describeServiceContracts` runs the same suite on any
 * implementation of the repositories: SQLite today (sqlite-contracts.test.ts), PostgreSQL next.
 */
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

      it('binds a student session to its tablet; a revoked tablet ends it', async () => {
        const code = await w.s.devices.issueCode(w.teacher, { classId: w.classId });
        const tablet = await w.s.devices.enrol(code.code, 'Tablette 2');
        const device = { deviceId: tablet.deviceId, schoolId: w.schoolId, classId: w.classId };
        expect(await refusal(w.s.auth.signInStudent(device, w.students[1]!, '9999'))).toBe('wrong_secret');
        const st = await w.s.auth.signInStudent(device, w.students[1]!, '1234');
        const at = () => new Date().toISOString();
        expect((await w.s.auth.resolve(tablet.deviceToken, st.token, at())).principal).toMatchObject({ kind: 'student', studentId: w.students[1] });
        expect((await w.s.auth.resolve(null, st.token, at())).principal).toBeNull(); // without its tablet
        await w.s.devices.revoke(w.teacher, tablet.deviceId);
        expect(await w.s.auth.resolve(tablet.deviceToken, st.token, at())).toEqual({ device: null, principal: null });
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
    });

    describe('devices', () => {
      it('refuses an unknown code, and lists only the teacher\'s classes\' tablets', async () => {
        expect(await refusal(w.s.devices.enrol('ZZZZ-ZZZZ', 'x'))).toBe('enrolment_code_invalid');
        expect(await refusal(w.s.devices.issueCode(w.teacher, { classId: null }))).toBe('enrol_class_required');
        expect((await w.s.devices.list(w.teacher)).map((d) => d.id)).toContain(w.deviceId);
        expect(await w.s.devices.list(w.otherTeacher)).toEqual([]);
        expect(await refusal(w.s.devices.revoke(w.otherTeacher, w.deviceId))).toBe('device_not_found');
      });
    });
  });
}
