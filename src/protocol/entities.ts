/**
 * The records that travel between the school server and the apps (tablet and console).
 * TypeBox schemas: the server validates with them, the apps import only the derived
 * types (`import type`), so none of this lands in the client bundle.
 */
import { Type, type Static } from 'typebox';

export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
/** ISO-8601 instant, UTC (`new Date().toISOString()`). */
export const Instant = Type.String({ minLength: 20, maxLength: 30 });

export const Role = Type.Union([Type.Literal('teacher'), Type.Literal('it')]);
export type Role = Static<typeof Role>;

export const QuestionKind = Type.Union([
  Type.Literal('text'),
  Type.Literal('choice'),
  Type.Literal('photo'),
  Type.Literal('audio'),
]);
export type QuestionKind = Static<typeof QuestionKind>;

export const Choice = Type.Object({ id: Id, label: Type.String({ minLength: 1, maxLength: 500 }) });
export type Choice = Static<typeof Choice>;

/** One question of an assignment. `choices`/`multiple` only for kind 'choice'; `maxDurationSec` only for 'audio'. */
export const Question = Type.Object({
  id: Id,
  kind: QuestionKind,
  prompt: Type.String({ minLength: 1, maxLength: 5000 }),
  points: Type.Number({ minimum: 0, maximum: 100 }),
  choices: Type.Optional(Type.Array(Choice, { maxItems: 20 })),
  multiple: Type.Optional(Type.Boolean()),
  maxDurationSec: Type.Optional(Type.Integer({ minimum: 10, maximum: 600 })),
});
export type Question = Static<typeof Question>;

/** A media file attached to a lesson (image or audio), served at `url` with ETag and Range. */
export const MediaRef = Type.Object({
  id: Id,
  kind: Type.Union([Type.Literal('image'), Type.Literal('audio')]),
  mime: Type.String(),
  size: Type.Integer({ minimum: 0 }),
  sha256: Type.String(),
  name: Type.String(),
  url: Type.String(),
});
export type MediaRef = Static<typeof MediaRef>;

/** A school subject as the school words it (« Mathématiques », « Histoire-géographie »). */
export const Subject = Type.String({ minLength: 1, maxLength: 60 });

export const ClassInfo = Type.Object({
  id: Id,
  name: Type.String(),
  archived: Type.Boolean(),
  /** The subject its assignments are set in unless they name their own (null: none). Absent from servers before schema 003. */
  subject: Type.Optional(Type.Union([Subject, Type.Null()])),
});
export type ClassInfo = Static<typeof ClassInfo>;

export const Group = Type.Object({ id: Id, classId: Id, name: Type.String(), studentIds: Type.Array(Id) });
export type Group = Static<typeof Group>;

/** A student as the tablet's sign-in grid shows them (no secret, ever). */
export const StudentCard = Type.Object({
  id: Id,
  classId: Id,
  firstName: Type.String(),
  lastName: Type.String(),
  archived: Type.Boolean(),
});
export type StudentCard = Static<typeof StudentCard>;

/** Published to a whole class (groupId null) or to one group of it. */
export const Lesson = Type.Object({
  id: Id,
  classId: Id,
  groupId: Type.Union([Id, Type.Null()]),
  title: Type.String(),
  bodyMarkdown: Type.String(),
  media: Type.Array(MediaRef),
  version: Type.Integer(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published')]),
  publishedAt: Type.Union([Instant, Type.Null()]),
  updatedAt: Instant,
});
export type Lesson = Static<typeof Lesson>;

export const Assignment = Type.Object({
  id: Id,
  classId: Id,
  groupId: Type.Union([Id, Type.Null()]),
  title: Type.String(),
  instructionsMarkdown: Type.String(),
  dueAt: Type.Union([Instant, Type.Null()]),
  questions: Type.Array(Question),
  /** Its own subject; null: the class's (ClassInfo.subject). Absent from servers before schema 003. */
  subject: Type.Optional(Type.Union([Subject, Type.Null()])),
  /** The display name of the teacher who set it (« M. Martin »). Absent from servers before schema 003. */
  authorName: Type.Optional(Type.String()),
  /** Bumped on every edit; a draft remembers the version it was started against. */
  version: Type.Integer(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published')]),
  publishedAt: Type.Union([Instant, Type.Null()]),
  updatedAt: Instant,
});
export type Assignment = Static<typeof Assignment>;

/** A student's answer to one question. Photos and recordings are attachments, by id. */
export const Answer = Type.Object({
  questionId: Id,
  text: Type.Optional(Type.String({ maxLength: 20000 })),
  choiceIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
  attachmentIds: Type.Optional(Type.Array(Id, { maxItems: 10 })),
});
export type Answer = Static<typeof Answer>;

/** An append-only revision of a student's work: two tablets never overwrite each other. */
export const Revision = Type.Object({
  id: Id,
  number: Type.Integer({ minimum: 1 }),
  kind: Type.Union([Type.Literal('draft'), Type.Literal('submit')]),
  answers: Type.Array(Answer),
  assignmentVersion: Type.Integer(),
  deviceId: Type.Union([Id, Type.Null()]),
  createdAt: Instant,
});
export type Revision = Static<typeof Revision>;

/**
 * The server's view of one student's work on one assignment.
 * state: draft (saved, not handed in) → submitted → returned (graded); a change after
 * grading is a resubmission (state 'submitted' again, `resubmitted` true).
 */
export const SubmissionState = Type.Union([
  Type.Literal('draft'),
  Type.Literal('submitted'),
  Type.Literal('returned'),
]);
export type SubmissionState = Static<typeof SubmissionState>;

export const Submission = Type.Object({
  id: Id,
  assignmentId: Id,
  studentId: Id,
  state: SubmissionState,
  /** The latest revision (draft or submitted). */
  latest: Type.Union([Revision, Type.Null()]),
  /** The last handed-in revision, if any. */
  submitted: Type.Union([Revision, Type.Null()]),
  submittedAt: Type.Union([Instant, Type.Null()]),
  late: Type.Boolean(),
  resubmitted: Type.Boolean(),
  /** False while an attachment of the submitted revision is still uploading. */
  complete: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: Instant,
});
export type Submission = Static<typeof Submission>;

export const QuestionFeedback = Type.Object({
  questionId: Id,
  comment: Type.String({ maxLength: 5000 }),
  points: Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()]),
});
export type QuestionFeedback = Static<typeof QuestionFeedback>;

/** Teacher-owned, read-only for students; reaches the tablet once returned. */
export const Feedback = Type.Object({
  id: Id,
  submissionId: Id,
  assignmentId: Id,
  studentId: Id,
  perQuestion: Type.Array(QuestionFeedback),
  comment: Type.String({ maxLength: 10000 }),
  mark: Type.Union([Type.Number({ minimum: 0, maximum: 1000 }), Type.Null()]),
  maxMark: Type.Number({ minimum: 0, maximum: 1000 }),
  returnedAt: Type.Union([Instant, Type.Null()]),
  version: Type.Integer(),
  updatedAt: Instant,
});
export type Feedback = Static<typeof Feedback>;

/** A student's photo or recording. Content travels by tus; this is its metadata. */
export const AttachmentMeta = Type.Object({
  id: Id,
  studentId: Id,
  kind: Type.Union([Type.Literal('photo'), Type.Literal('audio')]),
  mime: Type.String(),
  size: Type.Integer({ minimum: 0 }),
  sha256: Type.String({ pattern: '^[a-f0-9]{64}$' }),
  complete: Type.Boolean(),
  url: Type.String(),
});
export type AttachmentMeta = Static<typeof AttachmentMeta>;

/** A tablet or browser enrolled to the school. */
export const Device = Type.Object({
  id: Id,
  name: Type.String(),
  classId: Type.Union([Id, Type.Null()]),
  enrolledAt: Instant,
  revokedAt: Type.Union([Instant, Type.Null()]),
  lastSeenAt: Type.Union([Instant, Type.Null()]),
  lastSyncAt: Type.Union([Instant, Type.Null()]),
  appVersion: Type.Union([Type.String(), Type.Null()]),
  pendingCount: Type.Union([Type.Integer(), Type.Null()]),
  pendingBytes: Type.Union([Type.Integer(), Type.Null()]),
  storageUsage: Type.Union([Type.Integer(), Type.Null()]),
  storageQuota: Type.Union([Type.Integer(), Type.Null()]),
});
export type Device = Static<typeof Device>;
