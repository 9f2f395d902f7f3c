/**
 * Lessons and assignments: teachers of the class write, publish, edit, unpublish and delete
 * them; the IT referent may read. Rules:
 * - a target group must be a live group of the class (a published item keeps its group even
 *   if archived since);
 * - an edit of content students may hold (published now or before) bumps its `version`, which
 *   tablets compare drafts against;
 * - every change that students must learn is recorded in the change log (content-changes.ts).
 */
import type { Database, Tx } from '../store/repositories.ts';
import type { AssignmentRecord, ContentRecord, LessonRecord } from '../store/records.ts';
import type { Assignment, Lesson, Question } from '../../src/protocol/entities.ts';
import type { CreateAssignmentRequest, CreateLessonRequest, UpdateAssignmentRequest, UpdateLessonRequest } from '../../src/protocol/console.ts';
import { questionProblems, type Problem } from '../../src/protocol/console.ts';
import type { Actor } from '../access/actor.ts';
import { assignmentFor, classFor, lessonFor, signingTeacher } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { newId, now } from '../ids.ts';
import { recordContentChange } from './content-changes.ts';
import { assignmentWire, lessonWire } from './wire.ts';
import { cleanSubject } from './subject.ts';

type Kind = 'lesson' | 'assignment';

/** Rules the JSON schema cannot say: ≥ 2 choices, unique ids, a real due date. The first problem is the error; all are in details. */
export function checkAssignmentContent(body: { questions?: Question[]; dueAt?: string | null }) {
  const problems: Problem[] = body.questions ? questionProblems(body.questions) : [];
  if (typeof body.dueAt === 'string' && Number.isNaN(Date.parse(body.dueAt))) problems.push({ code: 'due_date_invalid' });
  const first = problems[0];
  if (first) throw fail(first.code, first.params, problems);
}

async function checkGroup(tx: Tx, classId: string, groupId: string | null) {
  if (groupId === null) return;
  const g = await tx.groups.byId(groupId);
  if (!g || g.classId !== classId || g.archived) throw fail('group_not_in_class');
}

export class ContentService {
  constructor(private readonly db: Database) {}

  // ---- shared life cycle ------------------------------------------------------------------

  private repo(tx: Tx, kind: Kind) {
    return kind === 'lesson' ? tx.lessons : tx.assignments;
  }

  private load(tx: Tx, actor: Actor, kind: Kind, id: string, need: 'staff' | 'teacher'): Promise<ContentRecord> {
    return kind === 'lesson' ? lessonFor(tx, actor, id, need) : assignmentFor(tx, actor, id, need);
  }

  private async publish(tx: Tx, actor: Actor, kind: Kind, id: string, groupId: string | null | undefined) {
    const r = await this.load(tx, actor, kind, id, 'teacher');
    const g = groupId === undefined ? r.groupId : groupId;
    // A new target (or a draft going out) must be a live group; a published item stays where it is.
    if (groupId !== undefined || r.status !== 'published') await checkGroup(tx, r.classId, g);
    if (r.status === 'published' && r.groupId === g) return;
    const at = now();
    await this.repo(tx, kind).update(id, { status: 'published', groupId: g, publishedAt: at, updatedAt: at });
    await recordContentChange(tx, kind, r, { status: 'published', groupId: g }, at);
  }

  private async unpublish(tx: Tx, actor: Actor, kind: Kind, id: string) {
    const r = await this.load(tx, actor, kind, id, 'teacher');
    if (r.status !== 'published') return;
    const at = now();
    await this.repo(tx, kind).update(id, { status: 'draft', updatedAt: at });
    await recordContentChange(tx, kind, r, { status: 'draft', groupId: r.groupId }, at);
  }

  private async remove(tx: Tx, actor: Actor, kind: Kind, id: string) {
    const r = await this.load(tx, actor, kind, id, 'teacher');
    const at = now();
    await this.repo(tx, kind).update(id, { deletedAt: at, updatedAt: at });
    await recordContentChange(tx, kind, r, { status: 'deleted', groupId: r.groupId }, at);
  }

  /** What an edit changes around the columns: the target, the version bump, the change log. */
  private async editPatch(tx: Tx, kind: Kind, r: ContentRecord, groupId: string | null | undefined, at: string) {
    const g = groupId === undefined ? r.groupId : groupId;
    // Only a change of target is checked: content of a group archived since stays editable.
    if (groupId !== undefined) await checkGroup(tx, r.classId, g);
    return { groupId: g, bumpVersion: r.status === 'published' || r.publishedAt !== null, updatedAt: at, after: async () => recordContentChange(tx, kind, r, { status: r.status, groupId: g }, at) };
  }

  // ---- lessons ------------------------------------------------------------------------------

  listLessons(actor: Actor, classId: string): Promise<Lesson[]> {
    return this.db.read(async (tx) => {
      await classFor(tx, actor, classId, 'staff');
      return Promise.all((await tx.lessons.listByClass(classId)).map((l) => lessonWire(tx, l)));
    });
  }

  lesson(actor: Actor, id: string): Promise<Lesson> {
    return this.db.read(async (tx) => lessonWire(tx, await lessonFor(tx, actor, id, 'staff')));
  }

  createLesson(actor: Actor, classId: string, req: CreateLessonRequest): Promise<Lesson> {
    return this.db.write(async (tx) => {
      const base = await this.newContent(tx, actor, classId, req);
      await tx.lessons.insert({ ...base, bodyMarkdown: req.bodyMarkdown });
      return lessonWire(tx, await this.mustLesson(tx, base.id));
    });
  }

  updateLesson(actor: Actor, id: string, patch: UpdateLessonRequest): Promise<Lesson> {
    return this.db.write(async (tx) => {
      const r = await lessonFor(tx, actor, id, 'teacher');
      const { after, ...p } = await this.editPatch(tx, 'lesson', r, patch.groupId, now());
      await tx.lessons.update(id, { ...p, title: patch.title, bodyMarkdown: patch.bodyMarkdown });
      await after();
      return lessonWire(tx, await this.mustLesson(tx, id));
    });
  }

  publishLesson(actor: Actor, id: string, groupId: string | null | undefined): Promise<Lesson> {
    return this.db.write(async (tx) => {
      await this.publish(tx, actor, 'lesson', id, groupId);
      return lessonWire(tx, await this.mustLesson(tx, id));
    });
  }

  unpublishLesson(actor: Actor, id: string): Promise<Lesson> {
    return this.db.write(async (tx) => {
      await this.unpublish(tx, actor, 'lesson', id);
      return lessonWire(tx, await this.mustLesson(tx, id));
    });
  }

  deleteLesson(actor: Actor, id: string): Promise<void> {
    return this.db.write((tx) => this.remove(tx, actor, 'lesson', id));
  }

  private async mustLesson(tx: Tx, id: string): Promise<LessonRecord> {
    const l = await tx.lessons.byId(id);
    if (!l) throw fail('lesson_not_found');
    return l;
  }

  // ---- assignments --------------------------------------------------------------------------

  listAssignments(actor: Actor, classId: string): Promise<Assignment[]> {
    return this.db.read(async (tx) => {
      await classFor(tx, actor, classId, 'staff');
      return (await tx.assignments.listByClass(classId)).map(assignmentWire);
    });
  }

  assignment(actor: Actor, id: string): Promise<Assignment> {
    return this.db.read(async (tx) => assignmentWire(await assignmentFor(tx, actor, id, 'staff')));
  }

  async createAssignment(actor: Actor, classId: string, req: CreateAssignmentRequest): Promise<Assignment> {
    checkAssignmentContent(req);
    return this.db.write(async (tx) => {
      const base = await this.newContent(tx, actor, classId, req);
      await tx.assignments.insert({ ...base, instructionsMarkdown: req.instructionsMarkdown, questions: req.questions, dueAt: req.dueAt, subject: cleanSubject(req.subject) ?? null });
      return assignmentWire(await this.mustAssignment(tx, base.id));
    });
  }

  async updateAssignment(actor: Actor, id: string, patch: UpdateAssignmentRequest): Promise<Assignment> {
    checkAssignmentContent(patch);
    return this.db.write(async (tx) => {
      const r = await assignmentFor(tx, actor, id, 'teacher');
      const { after, ...p } = await this.editPatch(tx, 'assignment', r, patch.groupId, now());
      await tx.assignments.update(id, { ...p, title: patch.title, instructionsMarkdown: patch.instructionsMarkdown, questions: patch.questions, dueAt: patch.dueAt, subject: cleanSubject(patch.subject) });
      await after();
      return assignmentWire(await this.mustAssignment(tx, id));
    });
  }

  publishAssignment(actor: Actor, id: string, groupId: string | null | undefined): Promise<Assignment> {
    return this.db.write(async (tx) => {
      await this.publish(tx, actor, 'assignment', id, groupId);
      return assignmentWire(await this.mustAssignment(tx, id));
    });
  }

  unpublishAssignment(actor: Actor, id: string): Promise<Assignment> {
    return this.db.write(async (tx) => {
      await this.unpublish(tx, actor, 'assignment', id);
      return assignmentWire(await this.mustAssignment(tx, id));
    });
  }

  deleteAssignment(actor: Actor, id: string): Promise<void> {
    return this.db.write((tx) => this.remove(tx, actor, 'assignment', id));
  }

  private async mustAssignment(tx: Tx, id: string): Promise<AssignmentRecord> {
    const a = await tx.assignments.byId(id);
    if (!a) throw fail('assignment_not_found');
    return a;
  }

  /** What a new lesson or assignment of the class starts with: a teacher of the class writes it, to the class or one of its live groups. */
  private async newContent(tx: Tx, actor: Actor, classId: string, req: { title: string; groupId?: string | null }) {
    const cls = await classFor(tx, actor, classId, 'teacher');
    const groupId = req.groupId ?? null;
    await checkGroup(tx, cls.id, groupId);
    return { id: newId(), schoolId: cls.schoolId, classId: cls.id, groupId, authorId: await signingTeacher(tx, actor, cls.id), title: req.title, createdAt: now() };
  }
}
