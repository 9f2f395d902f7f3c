/**
 * What a student may see of their class's content — the one definition, used by the school
 * server (sync serialiser, media, answers) and by the tablet (every screen's query).
 * Published to the student's class as a whole, or to one of their groups.
 */
export interface ContentTarget {
  status: 'draft' | 'published';
  classId: string;
  groupId: string | null;
}

export interface StudentScope {
  classId: string;
  /** Groups of the class this student belongs to. */
  groupIds: ReadonlySet<string>;
}

/** Pure. (The server also requires the content not deleted and the student not archived: see server/access.) */
export function isPublishedTo(item: ContentTarget, scope: StudentScope): boolean {
  return item.status === 'published' && item.classId === scope.classId && (item.groupId === null || scope.groupIds.has(item.groupId));
}
