/**
 * Lessons and assignments: teachers of the class write, publish, edit, unpublish and delete
 * them; the IT referent may read. Rules:
 * - a target group must be a live group of the class (a published item keeps its group even
 *   if archived since);
 * - an edit of content students may hold (published now or before) bumps its `version`, which
 *   tablets compare drafts against;
 * - every change that students must learn is recorded in the change log (content-changes.ts);
 * - a draft assignment may be scheduled: at its `publishAt` the publish scheduler
 *   (publish-scheduler.ts) calls `publishDueAssignments`, which publishes it for real — the row
 *   and its change-log put in one transaction, then — because a tablet whose cursor is already
 *   past the draft's creation would never learn of an assignment that became visible by the
 *   clock alone. Publishing by hand clears the schedule; so does « Annuler la programmation »;
 * - an assignment may name a lesson of its own class (« Revoir la leçon »).
 */
import { recordAudit } from '../audit/audit-log.ts';
import type { Database, Tx } from '../store/repositories.ts';
import type { AssignmentRecord, ContentRecord, LessonRecord } from '../store/records.ts';
import type { Assignment, Lesson, Question } from '../../src/protocol/entities.ts';
import type { CreateAssignmentRequest, CreateLessonRequest, UpdateAssignmentRequest, DuplicateAssignmentRequest, ScheduleRequest, UpdateLessonRequest } from '../../src/protocol/console.ts';
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

/** How far ahead a publication may be scheduled: a school year, and a little more. */
export const MAX_SCHEDULE_AHEAD_MS = 400 * 24 * 3600_000;

/** How many scheduled drafts one run publishes in one transaction (the next run takes the rest at once). */
const PUBLISH_BATCH = 100;

/** A linked lesson must be a live lesson of the same class: anything else (another class's, unknown, deleted) is lesson_not_found. */
async function checkLesson(tx: Tx, classId: string, lessonId: string | null | undefined) {
  if (lessonId === null || lessonId === undefined) return;
  const l = await tx.lessons.byId(lessonId);
  if (!l || l.deletedAt || l.classId !== classId) throw fail('lesson_not_found');
}

async function checkGroup(tx: Tx, classId: string, groupId: string | null) {
  if (groupId === null) return;
  const g = await tx.groups.byId(groupId);
  if (!g || g.classId !== classId || g.archived) throw fail('group_not_in_class');
}

export class ContentService {
  private readonly scheduleListeners = new Set<() => void>();

  constructor(private readonly db: Database) {}

  /** Called after a schedule was set, changed or cancelled (the publish scheduler re-arms its timer); returns an unsubscribe. */
  onScheduleChange(listener: () => void): () => void {
    this.scheduleListeners.add(listener);
    return () => void this.scheduleListeners.delete(listener);
  }

  private scheduleChanged() {
    for (const l of this.scheduleListeners) l();
  }

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
    await recordAudit(tx, actor, 'publish', { type: kind, id, label: r.title }, { classId: r.classId, groupId: g }, r.schoolId);
  }

  private async unpublish(tx: Tx, actor: Actor, kind: Kind, id: string) {
    const r = await this.load(tx, actor, kind, id, 'teacher');
    if (r.status !== 'published') return;
    const at = now();
    await this.repo(tx, kind).update(id, { status: 'draft', updatedAt: at });
    await recordContentChange(tx, kind, r, { status: 'draft', groupId: r.groupId }, at);
    await recordAudit(tx, actor, 'unpublish', { type: kind, id, label: r.title }, { classId: r.classId }, r.schoolId);
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
      return Promise.all((await tx.assignments.listByClass(classId)).map((a) => assignmentWire(tx, a)));
    });
  }

  assignment(actor: Actor, id: string): Promise<Assignment> {
    return this.db.read(async (tx) => assignmentWire(tx, await assignmentFor(tx, actor, id, 'staff')));
  }

  async createAssignment(actor: Actor, classId: string, req: CreateAssignmentRequest): Promise<Assignment> {
    checkAssignmentContent(req);
    return this.db.write(async (tx) => {
      const base = await this.newContent(tx, actor, classId, req);
      await checkLesson(tx, base.classId, req.lessonId);
      await tx.assignments.insert({
        ...base, instructionsMarkdown: req.instructionsMarkdown, questions: req.questions, dueAt: req.dueAt, subject: cleanSubject(req.subject) ?? null,
        resultPolicy: req.resultPolicy ?? 'on_return', lessonId: req.lessonId ?? null,
      });
      return await assignmentWire(tx, await this.mustAssignment(tx, base.id));
    });
  }

  /**
   * A copy as a new draft in `req.classId` (the teacher must teach it): same instructions,
   * questions (with their answer keys), subject and result policy, and their images and sounds (with
   * their descriptions); no due date and no schedule; the same group and lesson only within the same class.
   */
  duplicateAssignment(actor: Actor, id: string, req: DuplicateAssignmentRequest): Promise<Assignment> {
    return this.db.write(async (tx) => {
      const source = await assignmentFor(tx, actor, id, 'staff');
      const base = await this.newContent(tx, actor, req.classId, { title: req.title ?? source.title, groupId: req.classId === source.classId ? source.groupId : null });
      const sameClass = req.classId === source.classId;
      await tx.assignments.insert({
        ...base, instructionsMarkdown: source.instructionsMarkdown, questions: source.questions, dueAt: null, subject: source.subject, resultPolicy: source.resultPolicy,
        lessonId: sameClass ? source.lessonId : null,
      });
      await copyAssignmentMedia(tx, source, base.id, actor.kind === 'user' ? actor.userId : null, base.createdAt);
      return await assignmentWire(tx, await this.mustAssignment(tx, base.id));
    });
  }

  async updateAssignment(actor: Actor, id: string, patch: UpdateAssignmentRequest): Promise<Assignment> {
    checkAssignmentContent(patch);
    return this.db.write(async (tx) => {
      const r = await assignmentFor(tx, actor, id, 'teacher');
      await checkLesson(tx, r.classId, patch.lessonId);
      const { after, ...p } = await this.editPatch(tx, 'assignment', r, patch.groupId, now());
      await tx.assignments.update(id, {
        ...p, title: patch.title, instructionsMarkdown: patch.instructionsMarkdown, questions: patch.questions, dueAt: patch.dueAt, subject: cleanSubject(patch.subject),
        resultPolicy: patch.resultPolicy, lessonId: patch.lessonId,
      });
      await after();
      return await assignmentWire(tx, await this.mustAssignment(tx, id));
    });
  }

  /** Publishes now (« Publier maintenant »): a schedule it had is cleared. */
  async publishAssignment(actor: Actor, id: string, groupId: string | null | undefined): Promise<Assignment> {
    const { wire, hadSchedule } = await this.db.write(async (tx) => {
      await this.publish(tx, actor, 'assignment', id, groupId);
      const a = await this.mustAssignment(tx, id);
      if (a.publishAt !== null) await tx.assignments.update(id, { publishAt: null, updatedAt: a.updatedAt });
      return { wire: await assignmentWire(tx, await this.mustAssignment(tx, id)), hadSchedule: a.publishAt !== null };
    });
    if (hadSchedule) this.scheduleChanged();
    return wire;
  }

  /**
   * Schedules a draft's publication at `req.publishAt` (a future instant, at most
   * MAX_SCHEDULE_AHEAD_MS ahead), to `req.groupId` (absent: its current target). Scheduling
   * again moves the time. A published assignment cannot be scheduled (already_published).
   */
  async scheduleAssignment(actor: Actor, id: string, req: ScheduleRequest): Promise<Assignment> {
    const ms = Date.parse(req.publishAt);
    if (Number.isNaN(ms)) throw fail('publish_at_invalid');
    const at = now();
    if (ms <= Date.parse(at)) throw fail('publish_at_past');
    if (ms - Date.parse(at) > MAX_SCHEDULE_AHEAD_MS) throw fail('publish_at_invalid');
    const publishAt = new Date(ms).toISOString(); // one format, so the text comparisons of both dialects order instants
    const wire = await this.db.write(async (tx) => {
      const r = await assignmentFor(tx, actor, id, 'teacher');
      if (r.status === 'published') throw fail('already_published');
      const groupId = req.groupId === undefined ? r.groupId : req.groupId;
      await checkGroup(tx, r.classId, groupId);
      await tx.assignments.update(id, { publishAt, groupId, updatedAt: at });
      await recordAudit(tx, actor, 'publish_schedule', { type: 'assignment', id, label: r.title }, { classId: r.classId, groupId, publishAt }, r.schoolId);
      return await assignmentWire(tx, await this.mustAssignment(tx, id));
    });
    this.scheduleChanged();
    return wire;
  }

  /** Cancels a draft's scheduled publication (it stays a draft). */
  async unscheduleAssignment(actor: Actor, id: string): Promise<Assignment> {
    const wire = await this.db.write(async (tx) => {
      const r = await assignmentFor(tx, actor, id, 'teacher');
      if (r.publishAt !== null) await tx.assignments.update(id, { publishAt: null, updatedAt: now() });
      return await assignmentWire(tx, await this.mustAssignment(tx, id));
    });
    this.scheduleChanged();
    return wire;
  }

  /**
   * Publishes every live draft whose scheduled time is at or before `at`: the row, its
   * change-log put (a fresh seq, so a tablet past the draft's creation still pulls it) and an
   * audit entry in the author's name, in one transaction. Safe with several processes: each
   * row is published by the one conditional update that wins (AssignmentRepository.publishScheduled).
   * Returns the ids this call published.
   */
  async publishDueAssignments(at: string = now()): Promise<string[]> {
    const published: string[] = [];
    for (;;) {
      const batch = await this.db.write(async (tx) => {
        const due = await tx.assignments.dueForPublishing(at, PUBLISH_BATCH);
        const mine: string[] = [];
        for (const r of due) {
          if (!(await tx.assignments.publishScheduled(r.id, at))) continue;
          await recordContentChange(tx, 'assignment', r, { status: 'published', groupId: r.groupId }, at);
          const author: Actor = { kind: 'user', userId: r.authorId, role: 'teacher', schoolId: r.schoolId };
          await recordAudit(tx, author, 'publish', { type: 'assignment', id: r.id, label: r.title }, { classId: r.classId, groupId: r.groupId, scheduled: true }, r.schoolId);
          mine.push(r.id);
        }
        return { mine, full: due.length === PUBLISH_BATCH };
      });
      published.push(...batch.mine);
      if (!batch.full) return published;
    }
  }

  /** The earliest scheduled publication still to come (or overdue), or null. */
  nextScheduledPublication(): Promise<string | null> {
    return this.db.read((tx) => tx.assignments.nextPublishAt());
  }

  unpublishAssignment(actor: Actor, id: string): Promise<Assignment> {
    return this.db.write(async (tx) => {
      await this.unpublish(tx, actor, 'assignment', id);
      return await assignmentWire(tx, await this.mustAssignment(tx, id));
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

/**
 * The images and sounds of `source` (its instructions' and its questions') on the copy `copyId`,
 * in the same order and with the same descriptions. The bytes are content-addressed: a copy is a
 * new reference to the same blob, not new bytes (the blob stays while any reference does). Those
 * of a question removed since are left behind, as the wire leaves them out (wire.ts).
 */
async function copyAssignmentMedia(tx: Tx, source: AssignmentRecord, copyId: string, createdBy: string | null, at: string): Promise<void> {
  const questionIds = new Set(source.questions.map((q) => q.id));
  for (const m of await tx.lessonMedia.listByAssignment(source.id)) {
    if (m.questionId !== null && !questionIds.has(m.questionId)) continue;
    const copy = { ...m, id: newId(), assignmentId: copyId, lessonId: null, createdBy, createdAt: at };
    await tx.lessonMedia.insert(copy);
    if (m.description) await tx.lessonMedia.describeOnAssignment(copyId, copy.id, m.description);
  }
}
