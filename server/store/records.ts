/**
 * What the repositories hand to the services: one typed record per stored row, in the
 * server's own words (camelCase, booleans, parsed JSON). No HTTP, no rules.
 */
import type { Answer, Question, QuestionFeedback, Role } from '../../src/protocol/entities.ts';

export interface SchoolRecord {
  id: string;
  name: string;
}

export interface UserRecord {
  id: string;
  schoolId: string;
  role: Role;
  login: string;
  displayName: string;
  passwordHash: string;
  archived: boolean;
}

export interface ClassRecord {
  id: string;
  schoolId: string;
  name: string;
  archived: boolean;
  /** The subject taught to the class (its assignments' default), or null. */
  subject: string | null;
}

export interface StudentRecord {
  id: string;
  schoolId: string;
  classId: string;
  firstName: string;
  lastName: string;
  secretHash: string;
  archived: boolean;
  /** The pupil's id in the school's administration software (SIECLE ELEVE_ID, or a CSV "identifiant"), if known. */
  externalId: string | null;
}

export interface GroupRecord {
  id: string;
  classId: string;
  name: string;
  archived: boolean;
}

export interface DeviceRecord {
  id: string;
  schoolId: string;
  classId: string | null;
  name: string;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  lastSyncAt: string | null;
  appVersion: string | null;
  pendingCount: number | null;
  pendingBytes: number | null;
  storageUsage: number | null;
  storageQuota: number | null;
}

export type SessionRecord =
  | { kind: 'user'; tokenHash: string; userId: string; deviceId: string | null; expiresAt: string }
  | { kind: 'student'; tokenHash: string; studentId: string; deviceId: string; expiresAt: string };

export interface EnrolmentCodeRecord {
  codeHash: string;
  schoolId: string;
  classId: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usesLeft: number;
}

export interface LoginFailureRecord {
  failures: number;
  lockedUntil: string | null;
  /** When the last attempt charged to this counter started. */
  lastAttemptAt: string;
}

export type ContentStatus = 'draft' | 'published';

/** What lessons and assignments share: where they live, who sees them, and their life cycle. */
export interface ContentRecord {
  id: string;
  schoolId: string;
  classId: string;
  groupId: string | null;
  authorId: string;
  title: string;
  status: ContentStatus;
  version: number;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface LessonRecord extends ContentRecord {
  bodyMarkdown: string;
}

export interface AssignmentRecord extends ContentRecord {
  instructionsMarkdown: string;
  questions: Question[];
  dueAt: string | null;
  /** Its own subject; null: the class's. */
  subject: string | null;
  /** The author's display name (read with the row; never written through it). */
  authorName: string;
}

export interface LessonMediaRecord {
  id: string;
  schoolId: string;
  lessonId: string | null;
  sha256: string;
  kind: 'image' | 'audio';
  mime: string;
  size: number;
  name: string;
}

export interface AttachmentRecord {
  id: string;
  schoolId: string;
  studentId: string;
  kind: 'photo' | 'audio';
  mime: string;
  size: number;
  sha256: string;
  complete: boolean;
  uploadId: string | null;
}

export type SubmissionState = 'draft' | 'submitted' | 'returned';

export interface SubmissionRecord {
  id: string;
  assignmentId: string;
  studentId: string;
  state: SubmissionState;
  latestRevisionId: string | null;
  submittedRevisionId: string | null;
  submittedAt: string | null;
  late: boolean;
  resubmitted: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface RevisionRecord {
  id: string;
  submissionId: string;
  number: number;
  kind: 'draft' | 'submit';
  answers: Answer[];
  assignmentVersion: number;
  deviceId: string | null;
  createdAt: string;
}

export interface FeedbackRecord {
  id: string;
  submissionId: string;
  teacherId: string;
  perQuestion: QuestionFeedback[];
  comment: string;
  mark: number | null;
  maxMark: number;
  returnedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Change-log scopes: class-wide content and roster, one group's content, one student's own records. */
export type Scope = `class:${string}` | `group:${string}` | `student:${string}`;
export type ChangeEntity = 'lesson' | 'assignment' | 'submission' | 'feedback' | 'student' | 'group' | 'class';

export interface ChangeRecord {
  seq: number;
  scope: string;
  entity: ChangeEntity;
  entityId: string;
  op: 'put' | 'delete';
}

/** A mutation already applied (exactly once): its device, seq, the student it was for and its stored result (JSON). */
export interface AppliedMutationRecord {
  deviceId: string;
  seq: number;
  mutationId: string;
  resultJson: string;
}
