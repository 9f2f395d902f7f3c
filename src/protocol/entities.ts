/**
 * The records that travel between the school server and the apps (tablet and console).
 * TypeBox schemas: the server validates with them, the apps import only the derived
 * types (`import type`), so none of this lands in the client bundle.
 */
import { Type, type Static } from 'typebox';
import { PhotoAnnotations } from './annotations.ts';

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
  // Marked by themselves (issue 13): their right answers are in `Question.key`.
  Type.Literal('truefalse'),
  Type.Literal('numeric'),
  Type.Literal('short'),
  Type.Literal('blanks'),
  Type.Literal('matching'),
]);
export type QuestionKind = Static<typeof QuestionKind>;

export const Choice = Type.Object({ id: Id, label: Type.String({ minLength: 1, maxLength: 500 }) });
export type Choice = Static<typeof Choice>;

/** One pair of a matching question: `left` is matched with `right` (both shown to the pupil, the right column in alphabetical order). */
export const MatchPair = Type.Object({ left: Id, right: Id });
export type MatchPair = Static<typeof MatchPair>;

const Accepted = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 20 });

/**
 * The right answers of a self-marking question. Stored on the server with the question; the
 * tablet receives it only when the assignment's policy is « résultat immédiat » or, for one
 * pupil, with the feedback of their returned copy (server/content/wire.ts strips it otherwise).
 * Which fields apply depends on the kind (src/protocol/console.ts `questionProblems` checks):
 * choice: `choiceIds`; truefalse: `truth`; numeric: `value` ± `tolerance`; short: `accepted`;
 * blanks: `blanks` (one list of accepted answers per « [...] » of the prompt); matching: `pairs`.
 * `ignoreCase`/`ignoreAccents` for short and blanks.
 */
export const AnswerKey = Type.Object({
  choiceIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 20 })),
  truth: Type.Optional(Type.Boolean()),
  value: Type.Optional(Type.Number({ minimum: -1e12, maximum: 1e12 })),
  tolerance: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12 })),
  accepted: Type.Optional(Accepted),
  blanks: Type.Optional(Type.Array(Accepted, { minItems: 1, maxItems: 30 })),
  pairs: Type.Optional(Type.Array(MatchPair, { minItems: 2, maxItems: 20 })),
  ignoreCase: Type.Optional(Type.Boolean()),
  ignoreAccents: Type.Optional(Type.Boolean()),
});
export type AnswerKey = Static<typeof AnswerKey>;

/**
 * One question of an assignment. `choices`/`multiple` only for kind 'choice' (and the right
 * column of 'matching'); `left` only for 'matching'; `maxDurationSec` only for 'audio';
 * `key` only for the self-marking kinds (choice, truefalse, numeric, short, blanks, matching).
 */
export const Question = Type.Object({
  id: Id,
  kind: QuestionKind,
  prompt: Type.String({ minLength: 1, maxLength: 5000 }),
  points: Type.Number({ minimum: 0, maximum: 100 }),
  choices: Type.Optional(Type.Array(Choice, { maxItems: 20 })),
  multiple: Type.Optional(Type.Boolean()),
  maxDurationSec: Type.Optional(Type.Integer({ minimum: 10, maximum: 600 })),
  /** Matching: the left column (the right column is `choices`). */
  left: Type.Optional(Type.Array(Choice, { maxItems: 20 })),
  key: Type.Optional(AnswerKey),
  /** Paper homework (issue 15): the wording printed instead of `prompt` (absent: the prompt, with a paper hint). */
  paperPrompt: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
  /** Paper: the height in mm of the answer frame or writing area (absent: the kind's default, server/paper/pack-layout.ts). */
  paperFrameMm: Type.Optional(Type.Integer({ minimum: 15, maximum: 220 })), // PAPER_FRAME_MIN_MM/MAX_MM of paper-defaults.ts
});
export type Question = Static<typeof Question>;

/**
 * When pupils see the automatic result: 'immediate' (on the tablet as soon as they hand in,
 * offline too: the answer keys then travel to the tablets) or 'on_return' (only when the
 * teacher returns the work; the keys never reach a tablet before that). Absent: 'on_return'.
 */
export const ResultPolicy = Type.Union([Type.Literal('immediate'), Type.Literal('on_return')]);
export type ResultPolicy = Static<typeof ResultPolicy>;

/** A media file attached to a lesson (image or audio), served at `url` with ETag and Range. */
export const MediaRef = Type.Object({
  id: Id,
  kind: Type.Union([Type.Literal('image'), Type.Literal('audio')]),
  mime: Type.String(),
  size: Type.Integer({ minimum: 0 }),
  sha256: Type.String(),
  name: Type.String(),
  /** The teacher's description of an image: its alternative text on the tablet ('' none). Absent from servers before schema 011. */
  description: Type.Optional(Type.String({ maxLength: 500 })),
  /** On an assignment: the question it goes with (null: the instructions). Absent on lesson media. */
  questionId: Type.Optional(Type.Union([Id, Type.Null()])),
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
  /**
   * How many digits the pupil's secret has, so the PIN pad can show that many boxes (null: not
   * known, secrets set before it was kept). Only the length, never the secret: docs/SECURITY.md.
   */
  secretLength: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
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
  /** When pupils see the automatic result. Absent from servers before schema 008: 'on_return'. */
  resultPolicy: Type.Optional(ResultPolicy),
  /** A draft the server will publish at this instant (UTC; the console shows it in Europe/Paris); null: none. Absent from servers before schema 014. */
  publishAt: Type.Optional(Type.Union([Instant, Type.Null()])),
  /** The lesson of the class it revises (« Revoir la leçon »); null: none. Absent from servers before schema 014. */
  lessonId: Type.Optional(Type.Union([Id, Type.Null()])),
  /** Images and sounds of the instructions (`questionId` null) and of its questions. Absent from servers before schema 014. */
  media: Type.Optional(Type.Array(MediaRef)),
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
  /** Blanks: one text per « [...] » of the prompt, in order. */
  texts: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 30 })),
  /** Matching: the pairs the pupil made. Truefalse answers in `text` ('true' or 'false'), numeric and short in `text`. */
  pairs: Type.Optional(Type.Array(MatchPair, { maxItems: 20 })),
});
export type Answer = Static<typeof Answer>;

/** The automatic points of one self-marking question of a handed-in copy (server/content marking at hand-in). */
export const AutoMark = Type.Object({
  questionId: Id,
  points: Type.Number({ minimum: 0, maximum: 100 }),
  max: Type.Number({ minimum: 0, maximum: 100 }),
  /** Right answers found / expected (« Presque : 1 sur 2 »). */
  right: Type.Integer({ minimum: 0 }),
  of: Type.Integer({ minimum: 0 }),
});
export type AutoMark = Static<typeof AutoMark>;

/** Sent back to redo (issue 13): the teacher's message and when; the copy is a draft again until handed in. */
export const SentBack = Type.Object({ message: Type.String({ maxLength: 1000 }), at: Instant });
export type SentBack = Static<typeof SentBack>;

/** The teacher's latest reminder to hand the work in (issue 13): shown once on the pupil's tablet, until dismissed. */
export const Reminder = Type.Object({ id: Id, message: Type.String({ maxLength: 500 }), at: Instant, byName: Type.Optional(Type.String()) });
export type Reminder = Static<typeof Reminder>;

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
  /**
   * The automatic points of the handed-in revision, one per self-marking question (empty: none).
   * Console only: the tablet's copy never carries them before the return (it computes the
   * immediate result itself when the policy allows). Absent from servers before schema 008.
   */
  autoMarks: Type.Optional(Type.Array(AutoMark)),
  /** The pupil's own due date, set by the teacher (issue 13); null or absent: the assignment's. Late is judged against it. */
  dueAt: Type.Optional(Type.Union([Instant, Type.Null()])),
  /** Present while the copy is back in the pupil's hands « À refaire » (state 'draft'). */
  sentBack: Type.Optional(Type.Union([SentBack, Type.Null()])),
  /** The latest reminder to hand in (only while not handed in). */
  reminder: Type.Optional(Type.Union([Reminder, Type.Null()])),
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

/**
 * The teacher's spoken comment on a copy (issue 13): an audio file served at `url`
 * (`/media/feedback/<id>`, immutable: a new recording has a new id), cached on the tablet like
 * lesson media so it plays offline.
 */
export const FeedbackAudio = Type.Object({
  id: Id,
  mime: Type.String(),
  size: Type.Integer({ minimum: 0 }),
  durationMs: Type.Integer({ minimum: 0 }),
  url: Type.String(),
});
export type FeedbackAudio = Static<typeof FeedbackAudio>;

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
  /** The automatic points (as on the submission); a `perQuestion` points not null overrides them. */
  autoMarks: Type.Optional(Type.Array(AutoMark)),
  /** On a returned copy, to its pupil: the right answers of the self-marking questions. */
  keys: Type.Optional(Type.Array(Type.Object({ questionId: Id, key: AnswerKey }))),
  /** On a returned copy, to its pupil: the teacher's annotation layers over its photos, as returned. Absent from servers before schema 012. */
  annotations: Type.Optional(Type.Array(PhotoAnnotations)),
  /** The teacher's spoken comment (null or absent: none). Absent from servers before schema 013. */
  audio: Type.Optional(Type.Union([FeedbackAudio, Type.Null()])),
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
  /** Declared lost or stolen (it erases its pupils' data at its next contact); implies revokedAt. */
  lostAt: Type.Optional(Type.Union([Instant, Type.Null()])),
  /** Whose work the tablet last reported as waiting (at lastSyncAt), named for the console. */
  pendingStudents: Type.Optional(Type.Array(Type.Object({ studentId: Id, firstName: Type.String(), lastName: Type.String(), works: Type.Integer() }))),
  /** Sent for a withdrawn tablet: whether a pupil ever signed in on it (one nobody used holds no pupil's work). */
  used: Type.Optional(Type.Boolean()),
  /**
   * On a class's tablets screen, a tablet NOT enrolled for that class (a school-wide one, or
   * another class's) that pupils of the class use (issue 19): those of them with a live session
   * on it, how many of their works it last reported waiting (`pendingStudents` then names only
   * them), and whether its report left waiting work unattributed (an older app, or a report
   * naming the most pupils it may): that work may be theirs.
   */
  visiting: Type.Optional(Type.Object({
    pupils: Type.Array(Type.Object({ studentId: Id, firstName: Type.String(), lastName: Type.String() })),
    works: Type.Integer(),
    unattributed: Type.Boolean(),
  })),
});
export type Device = Static<typeof Device>;
