/**
 * Requests and answers of the teacher / IT console APIs (docs/api.md: "School, people,
 * roster", "Devices", "Content"). The server validates with these schemas; the console
 * imports the derived types (`import type`) and `questionProblems` (pure, tiny).
 */
import { Type, type Static } from 'typebox';
import { ErrorParamsSchema, type ErrorCode, type ErrorParams } from './errors.ts';
import {
  AttachmentMeta, Assignment, ClassInfo, Feedback, Group, Id, Instant, Question, QuestionFeedback, ResultPolicy, Role, StudentCard, Subject, Submission,
  type AnswerKey,
} from './entities.ts';
import { blankCount } from './auto-marking.ts';
import { PhotoAnnotations } from './annotations.ts';

/** A subject to set, or null to clear it. */
const SubjectOrNull = Type.Union([Subject, Type.Null()]);

const Name = Type.String({ minLength: 1, maxLength: 200 });
/** A password chosen by the IT referent: long enough to resist guessing. */
const Password = Type.String({ minLength: 8, maxLength: 500 });
/** A student's short secret (PIN or picture code), chosen by the school. */
export const StudentSecret = Type.String({ minLength: 4, maxLength: 64 });

// ---- params and queries -------------------------------------------------------------

export const IdParams = Type.Object({ id: Id });
export type IdParams = Static<typeof IdParams>;

/** `?dryRun=1` (or true) checks a roster file without changing anything. */
export const DryRunQuery = Type.Object({
  /** '1': archive the active pupils of the file's classes that the file does not list. */
  archiveMissing: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')])),
  dryRun: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')])),
  /** An import (not a dry run) names the dry run it confirms: its report's `confirmation` (issue 19: nothing changes unseen). */
  confirm: Type.Optional(Type.String({ pattern: '^[a-f0-9]{64}$' })),
});
export type DryRunQuery = Static<typeof DryRunQuery>;

export const DevicesQuery = Type.Object({ classId: Type.Optional(Id) });
export type DevicesQuery = Static<typeof DevicesQuery>;

// ---- backups -------------------------------------------------------------------------

/** What a restore put back (POST /api/backup/restore). */
export const RestoreResult = Type.Object({
  /** When the restored backup was made. */
  createdAt: Instant,
  schemaVersion: Type.Integer(),
  schools: Type.Array(Type.String()),
  /** Rows per table of the restored database. */
  counts: Type.Record(Type.String(), Type.Integer()),
  blobs: Type.Integer(),
  /** App builds the backup held (put back on the server when missing; absent from older servers). */
  builds: Type.Optional(Type.Integer()),
  /** Where the replaced database was kept. */
  previousKeptAs: Type.String(),
});
export type RestoreResult = Static<typeof RestoreResult>;

/** The last scheduled backup and the next one (GET /api/backup/status). */
export const BackupStatus = Type.Object({
  /** False when BACKUP_DIR=off. */
  enabled: Type.Boolean(),
  dir: Type.Union([Type.String(), Type.Null()]),
  /** Hour of the nightly backup (server time), and how many archives are kept. */
  hour: Type.Integer(),
  keep: Type.Integer(),
  nextAt: Type.Union([Instant, Type.Null()]),
  last: Type.Union([
    Type.Object({
      at: Instant,
      ok: Type.Boolean(),
      file: Type.Union([Type.String(), Type.Null()]),
      size: Type.Union([Type.Integer(), Type.Null()]),
      /** The refusal's code when it failed ('internal' for an unexpected error). */
      error: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});
export type BackupStatus = Static<typeof BackupStatus>;

// ---- audit log -----------------------------------------------------------------------

/** GET /api/audit and /api/audit.csv filters: an action, a person (user id), a period (dates YYYY-MM-DD, both included). */
export const AuditQuery = Type.Object({
  action: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
  actorId: Type.Optional(Id),
  from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEntry = Type.Object({
  at: Instant,
  /** null: the admin command line. */
  actorId: Type.Union([Id, Type.Null()]),
  actorName: Type.String(),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  targetLabel: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
});
export type AuditEntry = Static<typeof AuditEntry>;

// ---- school and people --------------------------------------------------------------

export const SchoolInfo = Type.Object({ id: Id, name: Type.String() });
export type SchoolInfo = Static<typeof SchoolInfo>;

export const UserInfo = Type.Object({ id: Id, role: Role, login: Type.String(), displayName: Type.String(), archived: Type.Boolean(), mustChangePassword: Type.Optional(Type.Boolean()) });
export type UserInfo = Static<typeof UserInfo>;

export const CreateUserRequest = Type.Object({
  role: Role,
  login: Type.String({ minLength: 2, maxLength: 100, pattern: '^[A-Za-z0-9._@-]+$' }),
  displayName: Name,
  password: Password,
});
export type CreateUserRequest = Static<typeof CreateUserRequest>;

export const UpdateUserRequest = Type.Object({
  displayName: Type.Optional(Name),
  password: Type.Optional(Password),
  /** With `password`: a temporary one, that the user must change at the next sign-in (their sessions end now). */
  temporary: Type.Optional(Type.Boolean()),
  archived: Type.Optional(Type.Boolean()),
});
export type UpdateUserRequest = Static<typeof UpdateUserRequest>;

// ---- classes, students, groups ------------------------------------------------------

export const ClassSummary = Type.Object({
  id: Id,
  name: Type.String(),
  archived: Type.Boolean(),
  teacherIds: Type.Array(Id),
  /** Students not archived. */
  studentCount: Type.Integer({ minimum: 0 }),
  subject: Type.Union([Subject, Type.Null()]),
});
export type ClassSummary = Static<typeof ClassSummary>;

export const CreateClassRequest = Type.Object({ name: Name, teacherIds: Type.Optional(Type.Array(Id, { maxItems: 50 })), subject: Type.Optional(SubjectOrNull) });
export type CreateClassRequest = Static<typeof CreateClassRequest>;

export const UpdateClassRequest = Type.Object({
  name: Type.Optional(Name),
  archived: Type.Optional(Type.Boolean()),
  teacherIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
  subject: Type.Optional(SubjectOrNull),
});
export type UpdateClassRequest = Static<typeof UpdateClassRequest>;

/** PUT /api/classes/:id/subject: a teacher of the class (or the IT referent) sets its subject; null or blank clears it. */
export const SetClassSubjectRequest = Type.Object({ subject: SubjectOrNull });
export type SetClassSubjectRequest = Static<typeof SetClassSubjectRequest>;

export const CreateStudentRequest = Type.Object({ firstName: Name, lastName: Name, secret: StudentSecret });
export type CreateStudentRequest = Static<typeof CreateStudentRequest>;

export const UpdateStudentRequest = Type.Object({
  firstName: Type.Optional(Name),
  lastName: Type.Optional(Name),
  classId: Type.Optional(Id),
  secret: Type.Optional(StudentSecret),
  archived: Type.Optional(Type.Boolean()),
});
export type UpdateStudentRequest = Static<typeof UpdateStudentRequest>;

/** A group as the console lists it: the synced Group plus its archived flag. */
export const GroupInfo = Type.Object({ ...Group.properties, archived: Type.Boolean() });
export type GroupInfo = Static<typeof GroupInfo>;

export const CreateGroupRequest = Type.Object({ name: Name, studentIds: Type.Array(Id, { maxItems: 100 }) });
export type CreateGroupRequest = Static<typeof CreateGroupRequest>;

export const UpdateGroupRequest = Type.Object({
  name: Type.Optional(Name),
  studentIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
  archived: Type.Optional(Type.Boolean()),
});
export type UpdateGroupRequest = Static<typeof UpdateGroupRequest>;

// ---- roster import ------------------------------------------------------------------

/** One accepted row of a roster file. `studentId` is null in a dry run. */
export const RosterImportRow = Type.Object({
  line: Type.Integer({ minimum: 1 }),
  className: Type.String(),
  lastName: Type.String(),
  firstName: Type.String(),
  studentId: Type.Union([Id, Type.Null()]),
});
export type RosterImportRow = Static<typeof RosterImportRow>;

/** What an import changes for a pupil found again: a name fixed, a move to another class, back from the archive, a new secret, an id recorded. */
export const RosterChange = Type.Union([Type.Literal('name'), Type.Literal('class'), Type.Literal('back'), Type.Literal('secret'), Type.Literal('id'), Type.Literal('groups')]);
export type RosterChange = Static<typeof RosterChange>;

export const RosterUpdatedRow = Type.Object({
  ...RosterImportRow.properties,
  changes: Type.Array(RosterChange),
  /** Their class before a move. */
  fromClassName: Type.Optional(Type.String()),
  /** Their name before a fix ("Prénom Nom"). */
  fromName: Type.Optional(Type.String()),
  /** Groups of their class they join (the file lists them in it). */
  groupsJoined: Type.Optional(Type.Array(Type.String())),
  /** SIECLE groups they leave (the export no longer lists them in it). */
  groupsLeft: Type.Optional(Type.Array(Type.String())),
});
export type RosterUpdatedRow = Static<typeof RosterUpdatedRow>;

export const RosterImportReport = Type.Object({
  dryRun: Type.Boolean(),
  /** 'csv' (lines) or 'siecle' (pupils in the order of the export). */
  source: Type.Union([Type.Literal('csv'), Type.Literal('siecle')]),
  /** New students. */
  created: Type.Array(RosterImportRow),
  /** Students found again with something to change (name fixed, class moved, back from the archive…). */
  updated: Type.Array(RosterUpdatedRow),
  /** Students found again exactly as they are. */
  unchanged: Type.Integer({ minimum: 0 }),
  /** Students archived: left the school (SIECLE date of leaving), or missing from the file when asked. */
  archived: Type.Array(RosterImportRow),
  /** Active students of the file's classes (all classes for SIECLE) that the file does not list: to archive, if the referent asks. */
  missing: Type.Array(RosterImportRow),
  /** Groups created from the file (SIECLE groups), "Class — Group". */
  groupsCreated: Type.Array(Type.String()),
  /** Rows not imported: the file's line number, the reason's code (+ params, translated by the console) and an English reason for logs. */
  refused: Type.Array(Type.Object({ line: Type.Integer({ minimum: 1 }), code: Type.String(), params: Type.Optional(ErrorParamsSchema), reason: Type.String() })),
  /** Classes created because the file names them and the school did not have them. */
  classesCreated: Type.Array(Type.String()),
  /** Secrets generated for new students without one in the file: shown once, to print. Empty in a dry run. */
  secrets: Type.Array(Type.Object({
    studentId: Id, className: Type.String(), lastName: Type.String(), firstName: Type.String(), secret: Type.String(),
  })),
  /** SIECLE: the UAI the export names; `adopted` when the school had none and this import records it (shown before, in the dry run). */
  uai: Type.Optional(Type.Object({ value: Type.String(), adopted: Type.Boolean() })),
  /**
   * A dry run's seal: the confirmed import sends it back (`?confirm=`), and is refused
   * `roster_preview_stale` unless the same file, with the same options, would still do exactly
   * what this report says.
   */
  confirmation: Type.Optional(Type.String()),
});
export type RosterImportReport = Static<typeof RosterImportReport>;

// ---- devices ------------------------------------------------------------------------

export const CreateEnrolmentCodeRequest = Type.Object({ classId: Type.Optional(Id) });
export type CreateEnrolmentCodeRequest = Static<typeof CreateEnrolmentCodeRequest>;

/** Shown once to the teacher; the server keeps only its hash. */
export const EnrolmentCode = Type.Object({ id: Id, code: Type.String(), expiresAt: Instant, usesLeft: Type.Integer() });
export type EnrolmentCode = Static<typeof EnrolmentCode>;

/** GET /api/devices/codes (IT): a code not expired yet, as the IT screen lists it — never the code itself (only its hash is kept). */
export const EnrolmentCodeInfo = Type.Object({
  id: Id,
  /** null: the whole school. */
  classId: Type.Union([Id, Type.Null()]),
  className: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant,
  createdByName: Type.String(),
  expiresAt: Instant,
  usesLeft: Type.Integer(),
  revokedAt: Type.Union([Instant, Type.Null()]),
});
export type EnrolmentCodeInfo = Static<typeof EnrolmentCodeInfo>;

export const EnrolRequest = Type.Object({
  code: Type.String({ minLength: 4, maxLength: 32 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  /** A withdrawn tablet enrolling again sends its old token: it keeps its id and its pupils' sessions (device-service.ts). */
  previousDeviceToken: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
export type EnrolRequest = Static<typeof EnrolRequest>;

/** What the console needs from the server's settings (README: Configuration). */
export const ConsoleSettings = Type.Object({
  /** A tablet not heard from for longer keeps « Tout est synchronisé » from going green (TABLET_CONTACT_MINUTES, 15). */
  tabletContactMinutes: Type.Integer({ minimum: 1 }),
  /** The console signs out after this long without a touch or a key (CONSOLE_IDLE_MINUTES, 20; a warning a minute before). */
  idleSignOutMinutes: Type.Integer({ minimum: 1 }),
});
export type ConsoleSettings = Static<typeof ConsoleSettings>;

export const EnrolResponse = Type.Object({
  deviceId: Id,
  /** Sent as `X-Cartable-Device` from now on; shown once. */
  deviceToken: Type.String(),
  schoolId: Id,
  classId: Type.Union([Id, Type.Null()]),
});
export type EnrolResponse = Static<typeof EnrolResponse>;

/** What an enrolled tablet needs for its sign-in grid (no secrets). */
export const DeviceRoster = Type.Object({ school: SchoolInfo, classes: Type.Array(ClassInfo), students: Type.Array(StudentCard) });
export type DeviceRoster = Static<typeof DeviceRoster>;

// ---- content ------------------------------------------------------------------------

const Title = Type.String({ minLength: 1, maxLength: 300 });
const Markdown = Type.String({ maxLength: 200_000 });

export const CreateLessonRequest = Type.Object({ title: Title, bodyMarkdown: Markdown, groupId: Type.Optional(Type.Union([Id, Type.Null()])) });
export type CreateLessonRequest = Static<typeof CreateLessonRequest>;

export const UpdateLessonRequest = Type.Partial(CreateLessonRequest);
export type UpdateLessonRequest = Static<typeof UpdateLessonRequest>;

/** Publish to the whole class (no groupId / null) or to one of its groups. */
export const PublishRequest = Type.Object({ groupId: Type.Optional(Type.Union([Id, Type.Null()])) });

/** Publish a draft later: at `publishAt` (an ISO instant, in the future) the server publishes it to `groupId` (absent: its current target). */
export const ScheduleRequest = Type.Object({ publishAt: Instant, groupId: Type.Optional(Type.Union([Id, Type.Null()])) }, { additionalProperties: false });
export type ScheduleRequest = Static<typeof ScheduleRequest>;
export type PublishRequest = Static<typeof PublishRequest>;

export const CreateAssignmentRequest = Type.Object({
  title: Title,
  instructionsMarkdown: Markdown,
  dueAt: Type.Union([Instant, Type.Null()]),
  questions: Type.Array(Question, { maxItems: 100 }),
  groupId: Type.Optional(Type.Union([Id, Type.Null()])),
  /** Null or absent: the class's subject. */
  subject: Type.Optional(SubjectOrNull),
  /** When pupils see the automatic result; absent: 'on_return' (the keys stay on the server). */
  resultPolicy: Type.Optional(ResultPolicy),
  /** The lesson of the same class it revises; null: none. */
  lessonId: Type.Optional(Type.Union([Id, Type.Null()])),
});
export type CreateAssignmentRequest = Static<typeof CreateAssignmentRequest>;

export const UpdateAssignmentRequest = Type.Partial(CreateAssignmentRequest);
export type UpdateAssignmentRequest = Static<typeof UpdateAssignmentRequest>;

/** A copy of an assignment as a new draft, in its class or another class of the same teacher (no due date: the teacher sets it). */
export const DuplicateAssignmentRequest = Type.Object({
  classId: Id,
  /** The copy's title (absent: the original's). */
  title: Type.Optional(Title),
});
export type DuplicateAssignmentRequest = Static<typeof DuplicateAssignmentRequest>;

/** One line of the teacher's submissions table: every student the assignment targets. */
export const SubmissionRow = Type.Object({
  student: StudentCard,
  submission: Type.Union([Submission, Type.Null()]),
  feedback: Type.Union([Feedback, Type.Null()]),
});
export type SubmissionRow = Static<typeof SubmissionRow>;

export const SubmissionDetail = Type.Object({
  submission: Submission,
  student: StudentCard,
  assignment: Assignment,
  feedback: Type.Union([Feedback, Type.Null()]),
  attachments: Type.Array(AttachmentMeta),
  /** The teacher's annotation layers over the photos (schema 012), each saying whether the pupil has it. */
  annotations: Type.Optional(Type.Array(PhotoAnnotations)),
});
export type SubmissionDetail = Static<typeof SubmissionDetail>;

export const FeedbackRequest = Type.Object({
  perQuestion: Type.Array(QuestionFeedback, { maxItems: 100 }),
  comment: Type.String({ maxLength: 10000 }),
  mark: Type.Union([Type.Number({ minimum: 0, maximum: 1000 }), Type.Null()]),
  maxMark: Type.Number({ minimum: 0, maximum: 1000 }),
});
export type FeedbackRequest = Static<typeof FeedbackRequest>;

// ---- rules the schema cannot express ------------------------------------------------

/** One thing wrong with a request, as an error code and its parameters (translated by the console). */
export interface Problem {
  code: ErrorCode;
  params?: ErrorParams;
}

/** What is wrong with a list of questions (empty when fine). Server and console share it. */
export function questionProblems(questions: readonly Question[]): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set<string>();
  questions.forEach((q, i) => {
    const params = { n: i + 1 };
    if (ids.has(q.id)) problems.push({ code: 'question_id_duplicate', params });
    ids.add(q.id);
    if (q.kind === 'choice' || q.kind === 'matching') {
      const choices = q.choices ?? [];
      if (choices.length < 2) problems.push({ code: 'choices_too_few', params });
      if (new Set(choices.map((c) => c.id)).size !== choices.length) problems.push({ code: 'choice_id_duplicate', params });
    } else if (q.choices !== undefined || q.multiple !== undefined) {
      problems.push({ code: 'choices_not_allowed', params });
    }
    if (q.multiple !== undefined && q.kind === 'matching') problems.push({ code: 'choices_not_allowed', params });
    if (q.maxDurationSec !== undefined && q.kind !== 'audio') problems.push({ code: 'duration_not_allowed', params });
    if (q.left !== undefined && q.kind !== 'matching') problems.push({ code: 'left_not_allowed', params });
    problems.push(...keyProblems(q, params));
  });
  return problems;
}

const KEY_FIELDS: Record<string, readonly (keyof AnswerKey)[]> = {
  choice: ['choiceIds'], truefalse: ['truth'], numeric: ['value', 'tolerance'], short: ['accepted', 'ignoreCase', 'ignoreAccents'],
  blanks: ['blanks', 'ignoreCase', 'ignoreAccents'], matching: ['pairs'],
};

/**
 * The answer key fits the question: only self-marking kinds have one; those other than choice
 * must have one (a choice question without a key is marked by hand, as before issue 13); it names
 * only the question's choices, one right choice unless several may be ticked, one list of accepted
 * answers per blank, one pair per left item.
 */
function keyProblems(q: Question, params: { n: number }): Problem[] {
  const key = q.key;
  const fields = KEY_FIELDS[q.kind];
  if (!fields) return key ? [{ code: 'key_not_allowed', params }] : [];
  if (!key) return q.kind === 'choice' ? [] : [{ code: 'key_missing', params }];
  if (Object.keys(key).some((f) => !fields.includes(f as keyof AnswerKey))) return [{ code: 'key_invalid', params }];
  switch (q.kind) {
    case 'choice': {
      const ids = key.choiceIds ?? [];
      if (ids.length === 0 || (!q.multiple && ids.length > 1) || new Set(ids).size !== ids.length) return [{ code: 'key_invalid', params }];
      const choices = new Set((q.choices ?? []).map((c) => c.id));
      return ids.every((c) => choices.has(c)) ? [] : [{ code: 'key_choice_unknown', params }];
    }
    case 'truefalse':
      return key.truth === undefined ? [{ code: 'key_missing', params }] : [];
    case 'numeric':
      return key.value === undefined ? [{ code: 'key_missing', params }] : [];
    case 'short':
      return key.accepted?.length ? [] : [{ code: 'key_missing', params }];
    case 'blanks': {
      const blanks = blankCount(q.prompt);
      const answers = key.blanks?.length ?? 0;
      return blanks === 0 || blanks !== answers ? [{ code: 'blanks_key_mismatch', params: { ...params, blanks, answers } }] : [];
    }
    case 'matching': {
      const left = (q.left ?? []).map((c) => c.id);
      const right = new Set((q.choices ?? []).map((c) => c.id));
      const pairs = key.pairs ?? [];
      const ok = left.length >= 2 && new Set(left).size === left.length && pairs.length === left.length
        && new Set(pairs.map((p) => p.left)).size === pairs.length && pairs.every((p) => left.includes(p.left) && right.has(p.right));
      return ok ? [] : [{ code: 'matching_invalid', params }];
    }
    default:
      return [];
  }
}

/** What is wrong with feedback for these questions (points above the question's, unknown question). */
export function feedbackProblems(questions: readonly Question[], fb: FeedbackRequest): Problem[] {
  const index = new Map(questions.map((q, i) => [q.id, { q, n: i + 1 }]));
  const problems: Problem[] = [];
  if (new Set(fb.perQuestion.map((pq) => pq.questionId)).size !== fb.perQuestion.length) problems.push({ code: 'feedback_question_twice' });
  for (const pq of fb.perQuestion) {
    const found = index.get(pq.questionId);
    if (!found) problems.push({ code: 'feedback_question_unknown' });
    else if (pq.points !== null && pq.points > found.q.points) problems.push({ code: 'feedback_points_too_high', params: { n: found.n, points: pq.points, max: found.q.points } });
  }
  if (fb.mark !== null && fb.mark > fb.maxMark) problems.push({ code: 'feedback_mark_too_high', params: { mark: fb.mark, max: fb.maxMark } });
  return problems;
}
