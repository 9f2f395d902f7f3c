/**
 * What the repositories hand to the services: one typed record per stored row, in the
 * server's own words (camelCase, booleans, parsed JSON). No HTTP, no rules.
 */
import type { PackLayout, PaperBox } from '../../src/protocol/paper-returns.ts';
import type { AnnotationMark } from '../../src/protocol/annotations.ts';
import type { Answer, AutoMark, Question, QuestionFeedback, ResultPolicy, Role } from '../../src/protocol/entities.ts';
import type { PendingStudent } from '../../src/protocol/sync.ts';

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
  /** A temporary password set by the IT referent: the next session must change it first. */
  mustChangePassword: boolean;
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
  /** How many characters the secret has (the tablet's PIN pad shows that many boxes); null when set before it was kept. */
  secretLength: number | null;
  archived: boolean;
  /** The pupil's id in the school's administration software (SIECLE ELEVE_ID, or a CSV "identifiant"), if known. */
  externalId: string | null;
}

export interface GroupRecord {
  id: string;
  classId: string;
  name: string;
  archived: boolean;
  /** Managed by the SIECLE import: its members are the export's (issue 19); false for a group made by hand. */
  siecle: boolean;
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
  /** Declared lost or stolen (revokedAt is set too). */
  lostAt: string | null;
  /** Whose work it last reported waiting. */
  pendingStudents: PendingStudent[];
}

export type SessionRecord =
  | { kind: 'user'; tokenHash: string; userId: string; deviceId: string | null; expiresAt: string }
  | { kind: 'student'; tokenHash: string; studentId: string; deviceId: string; expiresAt: string };

export interface EnrolmentCodeRecord {
  /** Public id (the console's; the hash never leaves the server). */
  id: string;
  codeHash: string;
  schoolId: string;
  classId: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usesLeft: number;
  /** Set by « Révoquer le code »: it admits no tablet from then on. */
  revokedAt?: string | null;
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
  /** When pupils see the automatic result (schema 008). */
  resultPolicy: ResultPolicy;
  /** A draft's scheduled publication (schema 014); null: none. */
  publishAt: string | null;
  /** The lesson it revises (schema 014); null: none. */
  lessonId: string | null;
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
  /** The teacher's description of an image (its alternative text on the tablet); '' when none. */
  description: string;
  /** On an assignment instead of a lesson (schema 014); null: a lesson's. */
  assignmentId: string | null;
  /** The assignment's question it goes with; null: the instructions (or a lesson's). */
  questionId: string | null;
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
  /** The automatic points at hand-in (schema 008); null for drafts and older revisions. */
  autoMarks: AutoMark[] | null;
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

/** The teacher's annotation layer over one photo of one copy (schema 012). */
export interface AnnotationRecord {
  submissionId: string;
  attachmentId: string;
  teacherId: string;
  marks: AnnotationMark[];
  /** The layer the pupil received at the last return (null: never returned). */
  returnedMarks: AnnotationMark[] | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  returnedAt: string | null;
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

/** One adult action in the audit log. */
export interface AuditRecord {
  id: number;
  schoolId: string | null;
  at: string;
  /** null: the admin command line. */
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  details: Record<string, string | number | boolean | null>;
}

/** A live lesson session (issue 17): its state; presence is in memory (server/live/). */
export interface LiveSessionRecord {
  id: string;
  schoolId: string;
  classId: string;
  groupId: string | null;
  teacherId: string;
  startedAt: string;
  endedAt: string | null;
  activityKind: 'assignment' | 'lesson' | null;
  activityId: string | null;
  activityTitle: string | null;
  activityAt: string | null;
  attentionSince: string | null;
  collectAt: string | null;
  version: number;
}

/** A pupil's paper pack for an assignment (issue 15, table paper_packs). */
export interface PaperPackRecord {
  assignmentId: string;
  studentId: string;
  /** The unguessable id printed in the pages' QR codes. */
  code: string;
  /** The assignment version the pages were laid out from. */
  layoutVersion: number;
  printedAt: string;
  printedBy: string;
  sentAt: string | null;
  receivedAt: string | null;
  /** What was printed at `layoutVersion` (boxes and answers per page); null for packs printed before schema 019. */
  layout: PackLayout | null;
}

/** A returned paper page (issue 15, table paper_pages): a pupil's page, or in the tray (studentId and page null). */
export interface PaperPageRecord {
  id: string;
  assignmentId: string;
  studentId: string | null;
  page: number | null;
  sha256: string;
  mime: string;
  size: number;
  attachmentId: string | null;
  boxes: PaperBox[] | null;
  receivedAt: string;
  receivedBy: string;
}

/** The teacher's follow-up of one pupil's work on one assignment (schema 013). */
export interface WorkFollowUpRecord {
  assignmentId: string;
  studentId: string;
  /** The pupil's own due date; null: the assignment's. */
  dueAt: string | null;
  dueSetBy: string | null;
  dueSetAt: string | null;
  /** The last « À refaire »: when, why, by whom (null: never sent back). */
  sentBackAt: string | null;
  sentBackMessage: string | null;
  sentBackBy: string | null;
}

/** One reminder sent to one pupil (schema 013). */
export interface ReminderRecord {
  id: string;
  schoolId: string;
  assignmentId: string;
  studentId: string;
  message: string;
  sentBy: string | null;
  sentAt: string;
}

/** A spoken comment recorded by the teacher on a copy (schema 013); `detachedAt` null: the current one. */
export interface FeedbackAudioRecord {
  id: string;
  schoolId: string;
  submissionId: string;
  sha256: string;
  mime: string;
  size: number;
  durationMs: number;
  createdBy: string | null;
  createdAt: string;
  detachedAt: string | null;
}
