/**
 * Which lesson media a student's tablet should hold for offline use: the media of the
 * lessons published to them (their class, or a group of theirs), the images and sounds of the
 * assignments published to them (instructions and questions), and the teacher's spoken
 * comments on their returned work, from their records on this tablet. Read by the sync worker after a pull (src/sync/worker/warm-lesson-media.ts) and by
 * the lesson screen; no DOM, no network here.
 */
import type { Assignment, Lesson } from '../protocol/entities.ts';
import { isPublishedTo } from '../protocol/visibility.ts';
import type { CartableDb } from './schema.ts';

/** Same-origin `/media/…` URLs of a lesson: its media list and any referenced in its Markdown. Pure. */
export function lessonMediaUrls(lesson: Pick<Lesson, 'media' | 'bodyMarkdown'>): string[] {
  const inBody = lesson.bodyMarkdown.match(/\/media\/[A-Za-z0-9_-]+/g) ?? [];
  return [...new Set([...lesson.media.map((m) => m.url), ...inBody])];
}

/** Same-origin `/media/…` URLs of an assignment: its images and sounds (instructions and questions) and any referenced in its instructions. Pure. */
export function assignmentMediaUrls(assignment: Pick<Assignment, 'media' | 'instructionsMarkdown'>): string[] {
  const inBody = assignment.instructionsMarkdown.match(/\/media\/[A-Za-z0-9_-]+/g) ?? [];
  return [...new Set([...(assignment.media ?? []).map((m) => m.url), ...inBody])];
}

/** The media URLs of every lesson and assignment `studentId` may see on this tablet (none if they never signed in here). */
export async function mediaUrlsFor(db: CartableDb, studentId: string): Promise<string[]> {
  const [session, card] = await Promise.all([db.localSessions.get(studentId), db.students.get(studentId)]);
  const classId = card?.classId ?? session?.classId;
  if (!session || !classId) return [];
  const groups = await db.groups.where('studentIds').equals(studentId).toArray();
  const scope = { classId, groupIds: new Set(groups.filter((g) => g.classId === classId).map((g) => g.id)) };
  const lessons = (await db.lessons.where('classId').equals(classId).toArray()).filter((l) => isPublishedTo(l, scope));
  const assignments = (await db.assignments.where('classId').equals(classId).toArray()).filter((a) => isPublishedTo(a, scope));
  // The teacher's spoken comments on their returned work travel the same way (issue 13).
  const feedback = await db.feedback.where('studentId').equals(studentId).toArray();
  const spoken = feedback.flatMap((f) => (f.studentId === studentId && f.returnedAt && f.audio ? [f.audio.url] : []));
  return [...new Set([...lessons.flatMap(lessonMediaUrls), ...assignments.flatMap(assignmentMediaUrls), ...spoken])];
}
