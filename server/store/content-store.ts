/**
 * Lessons, assignments, and the teacher's side of submissions (read, feedback, return).
 * Publishing policy (SYNC.md): drafts never reach students; publish, edit of published
 * content, unpublish, delete and moving to another group record their change (put or
 * tombstone) in the content's scope in the same transaction as the write.
 */
import type { Assignment, Feedback, Lesson } from '../../src/protocol/entities.ts';
import type {
  CreateAssignmentRequest, CreateLessonRequest, FeedbackRequest, SubmissionDetail, SubmissionRow, UpdateAssignmentRequest, UpdateLessonRequest,
} from '../../src/protocol/console.ts';

/** Where a piece of content lives, for access checks. */
export interface ContentOwner {
  schoolId: string;
  classId: string;
}

export interface NewLessonMedia {
  lessonId: string;
  schoolId: string;
  sha256: string;
  kind: 'image' | 'audio';
  mime: string;
  size: number;
  name: string;
  createdBy: string | null;
}

export interface ContentStore {
  listLessons(classId: string): Promise<Lesson[]>;
  lessonById(id: string): Promise<(Lesson & ContentOwner) | null>;
  createLesson(owner: ContentOwner & { authorId: string }, req: CreateLessonRequest): Promise<Lesson>;
  updateLesson(id: string, patch: UpdateLessonRequest): Promise<Lesson>;
  /** `groupId` undefined keeps the current target; null targets the whole class. */
  publishLesson(id: string, groupId: string | null | undefined): Promise<Lesson>;
  unpublishLesson(id: string): Promise<Lesson>;
  deleteLesson(id: string): Promise<void>;
  /** Adds a stored blob to a lesson (the demo seed; the media area has its own upload route). */
  addLessonMedia(m: NewLessonMedia): Promise<void>;

  listAssignments(classId: string): Promise<Assignment[]>;
  assignmentById(id: string): Promise<(Assignment & ContentOwner) | null>;
  createAssignment(owner: ContentOwner & { authorId: string }, req: CreateAssignmentRequest): Promise<Assignment>;
  /** Bumps `version` (and tells the tablets) when the assignment is published. */
  updateAssignment(id: string, patch: UpdateAssignmentRequest): Promise<Assignment>;
  publishAssignment(id: string, groupId: string | null | undefined): Promise<Assignment>;
  unpublishAssignment(id: string): Promise<Assignment>;
  deleteAssignment(id: string): Promise<void>;

  /** Every student the assignment targets (class or group, not archived) plus anyone who already handed in. */
  submissionsOf(assignmentId: string): Promise<SubmissionRow[]>;
  submissionById(id: string): Promise<(SubmissionDetail & ContentOwner) | null>;
  /** Saves the teacher's feedback (not visible to the student until returned). */
  saveFeedback(submissionId: string, teacherId: string, fb: FeedbackRequest): Promise<Feedback>;
  /** Returns the feedback: returnedAt set, submission 'returned', both recorded for the student's tablets. */
  returnFeedback(submissionId: string): Promise<Feedback>;
}
