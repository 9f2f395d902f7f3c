/**
 * One change-log row → one wire change (JSON text), at the entity's latest state. Policy
 * (defensive, whatever wrote the log): a draft, deleted or re-targeted lesson/assignment, a
 * feedback not yet returned, or a missing row goes out as a tombstone, so students never
 * receive what is not published to them. Class content is the same for the whole class: the
 * first tablet's pull serializes it, the other fourteen get the cached text (keyed by the
 * change's seq, which every write re-stamps, so edited content is never served stale).
 */
import type { Tx } from '../store/repositories.ts';
import type { ChangeRecord, ContentRecord } from '../store/records.ts';
import type { Change } from '../../src/protocol/sync.ts';
import { contentScope } from '../content/content-changes.ts';
import { classInfo, groupWire, lessonWire, pupilAssignmentWire, pupilFeedbackWire, pupilSubmissionWire, studentCard } from '../content/wire.ts';

/** Serialized class content kept in memory (a few MB: ~10 classes' lessons and assignments). */
const CONTENT_CACHE_ENTRIES = 5000;

/** Published content visible in exactly this scope. */
const visibleIn = (r: ContentRecord, scope: string) => r.status === 'published' && !r.deletedAt && contentScope(r.classId, r.groupId) === scope;

export class ChangeSerializer {
  private readonly cache = new Map<string, string>();

  /** Forgets the serialized content (benchmarks measure a cold server with it). */
  dropCaches() {
    this.cache.clear();
  }

  async json(tx: Tx, c: ChangeRecord): Promise<string> {
    const shared = c.op === 'put' && c.entity !== 'submission' && c.entity !== 'feedback';
    if (!shared) return JSON.stringify(await this.change(tx, c));
    const key = `${c.seq}:${c.entity}:${c.entityId}`;
    let json = this.cache.get(key);
    if (json === undefined) {
      json = JSON.stringify(await this.change(tx, c));
      this.cache.set(key, json);
      if (this.cache.size > CONTENT_CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    }
    return json;
  }

  async change(tx: Tx, c: ChangeRecord): Promise<Change> {
    const tomb: Change = { op: 'delete', entity: c.entity, id: c.entityId, scope: c.scope };
    if (c.op === 'delete') return tomb;
    const base = { op: 'put' as const, id: c.entityId, scope: c.scope };
    switch (c.entity) {
      case 'lesson': {
        const l = await tx.lessons.byId(c.entityId);
        return l && visibleIn(l, c.scope) ? { ...base, entity: 'lesson', data: await lessonWire(tx, l) } : tomb;
      }
      case 'assignment': {
        const a = await tx.assignments.byId(c.entityId);
        return a && visibleIn(a, c.scope) ? { ...base, entity: 'assignment', data: await pupilAssignmentWire(tx, a) } : tomb;
      }
      case 'submission': {
        const s = await tx.submissions.byId(c.entityId);
        return s && c.scope === `student:${s.studentId}` ? { ...base, entity: 'submission', data: await pupilSubmissionWire(tx, s) } : tomb;
      }
      case 'feedback': {
        const f = await tx.feedback.byId(c.entityId);
        const s = f?.returnedAt ? await tx.submissions.byId(f.submissionId) : null;
        return f && s && c.scope === `student:${s.studentId}` ? { ...base, entity: 'feedback', data: await pupilFeedbackWire(tx, f, s) } : tomb;
      }
      case 'student': {
        const s = await tx.students.byId(c.entityId);
        return s ? { ...base, entity: 'student', data: studentCard(s) } : tomb;
      }
      case 'group': {
        const g = await tx.groups.byId(c.entityId);
        return g ? { ...base, entity: 'group', data: await groupWire(tx, g) } : tomb;
      }
      case 'class': {
        const k = await tx.classes.byId(c.entityId);
        return k ? { ...base, entity: 'class', data: classInfo(k) } : tomb;
      }
    }
  }
}
