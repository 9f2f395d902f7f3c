/**
 * The repositories: narrow, typed reads and writes, one interface per table family. They
 * hold all SQL (store/sqlite today; a PostgreSQL implementation goes beside it) and know
 * nothing of HTTP or of the school's rules — the services (server/<area>/) decide, the
 * repositories store. Every method runs inside a transaction the service opened with
 * `Database.read` or `Database.write`.
 */
import type { PackLayout, PaperBox } from '../../src/protocol/paper-returns.ts';
import type {
  AppliedMutationRecord, AssignmentRecord, AttachmentRecord, ChangeEntity, ChangeRecord, ClassRecord, ContentStatus, DeviceRecord,
  EnrolmentCodeRecord, FeedbackRecord, GroupRecord, LessonMediaRecord, LessonRecord, LoginFailureRecord, RevisionRecord, SchoolRecord,
  Scope, SessionRecord, StudentRecord, SubmissionRecord, UserRecord, AuditRecord, LiveSessionRecord, PaperPackRecord, PaperPageRecord, AnnotationRecord, WorkFollowUpRecord, ReminderRecord, FeedbackAudioRecord,
} from './records.ts';
import type { AnnotationMark } from '../../src/protocol/annotations.ts';
import type { UpdateRepository } from './update-repository.ts';
import type { DeviceReport } from '../../src/protocol/sync.ts';
import type { Answer, AutoMark, Question, QuestionFeedback, ResultPolicy, Role } from '../../src/protocol/entities.ts';

export interface SchoolRepository {
  insert(s: SchoolRecord & { createdAt: string }): Promise<void>;
  byId(id: string): Promise<SchoolRecord | null>;
  list(): Promise<SchoolRecord[]>;
  count(): Promise<number>;
  /** The school's UAI (national school id), if recorded. */
  uai(id: string): Promise<string | null>;
  setUai(id: string, uai: string): Promise<void>;
}

export interface UserRepository {
  byId(id: string): Promise<UserRecord | null>;
  /** Case-insensitive. */
  byLogin(login: string): Promise<UserRecord | null>;
  /** Archived last, then by name. */
  listBySchool(schoolId: string): Promise<UserRecord[]>;
  insert(u: { id: string; schoolId: string; role: Role; login: string; displayName: string; passwordHash: string; createdAt: string }): Promise<void>;
  update(id: string, patch: { displayName?: string; passwordHash?: string; archived?: boolean; mustChangePassword?: boolean }): Promise<void>;
  /** Replaces the password hash only if it is still `from` (an upgrade at sign-in, never over a new password). */
  replacePasswordHash(id: string, from: string, to: string): Promise<boolean>;
}

export interface ClassRepository {
  byId(id: string): Promise<ClassRecord | null>;
  /** Archived last, then by name; only the classes `teacherId` teaches when given. */
  listBySchool(schoolId: string, teacherId?: string): Promise<ClassRecord[]>;
  byName(schoolId: string, name: string): Promise<ClassRecord | null>;
  insert(c: { id: string; schoolId: string; name: string; subject?: string | null; createdAt: string }): Promise<void>;
  /** `subject: null` clears it; undefined keeps it. */
  update(id: string, patch: { name?: string; archived?: boolean; subject?: string | null }): Promise<void>;
  teacherIds(classId: string): Promise<string[]>;
  setTeachers(classId: string, userIds: string[]): Promise<void>;
  isTeacher(userId: string, classId: string): Promise<boolean>;
}

export interface StudentRepository {
  byId(id: string): Promise<StudentRecord | null>;
  /** Archived last, then by last name and first name; `activeOnly` drops archived ones. */
  listByClass(classId: string, opts?: { activeOnly?: boolean; orderBy?: 'lastName' | 'firstName' }): Promise<StudentRecord[]>;
  countActive(classId: string): Promise<number>;
  /** Every student of the school (archived too). */
  listBySchool(schoolId: string): Promise<StudentRecord[]>;
  byExternalId(schoolId: string, externalId: string): Promise<StudentRecord | null>;
  insert(s: Omit<StudentRecord, 'archived' | 'externalId'> & { externalId?: string | null; createdAt: string }): Promise<void>;
  update(id: string, patch: { firstName?: string; lastName?: string; classId?: string; secretHash?: string; secretLength?: number; archived?: boolean; externalId?: string }, at: string): Promise<void>;
  /** Replaces the secret hash only if it is still `from` (an upgrade at sign-in; nothing else changes). */
  replaceSecretHash(id: string, from: string, to: string): Promise<boolean>;
}

export interface GroupRepository {
  byId(id: string): Promise<GroupRecord | null>;
  listByClass(classId: string): Promise<GroupRecord[]>;
  insert(g: { id: string; classId: string; name: string; createdAt: string; siecle?: boolean }): Promise<void>;
  update(id: string, patch: { name?: string; archived?: boolean; siecle?: boolean }): Promise<void>;
  memberIds(groupId: string): Promise<string[]>;
  setMembers(groupId: string, studentIds: string[]): Promise<void>;
  removeMember(groupId: string, studentId: string): Promise<void>;
  /** Every group the student belongs to (any class). */
  groupIdsOf(studentId: string): Promise<string[]>;
  isMember(groupId: string, studentId: string): Promise<boolean>;
}

export interface DeviceRepository {
  byId(id: string): Promise<DeviceRecord | null>;
  byTokenHash(tokenHash: string): Promise<DeviceRecord | null>;
  /** Newest first. */
  listBySchool(schoolId: string): Promise<DeviceRecord[]>;
  insert(d: { id: string; schoolId: string; classId: string | null; name: string; tokenHash: string; enrolledBy: string; at: string }): Promise<void>;
  /** Withdraws the tablet (`lost`: also declared lost or stolen). */
  revoke(id: string, at: string, lost?: boolean): Promise<void>;
  /** Gives a withdrawn tablet back (not lost any more either). */
  reactivate(id: string): Promise<void>;
  /** A withdrawn (not lost) tablet enrolled again with a new code: same id, new token, the code's class. */
  reenrol(id: string, d: { classId: string | null; name: string; tokenHash: string; at: string }): Promise<void>;
  /** Last contact, to the half-minute (a write per request would cost a disk sync each). */
  touch(id: string, at: string): Promise<void>;
  /** The tablet's report (and a successful sync now). */
  report(id: string, appVersion: string, report: DeviceReport, at: string): Promise<void>;
  /** A successful sync now, to the half-minute. */
  markSynced(id: string, at: string): Promise<void>;
}

export interface EnrolmentCodeRepository {
  insert(c: EnrolmentCodeRecord): Promise<void>;
  /** Uses one admission of a live code (decrement first: two tablets racing for the last use cannot both win). */
  consume(codeHash: string, at: string): Promise<Pick<EnrolmentCodeRecord, 'schoolId' | 'classId' | 'createdBy'> | null>;
  /** The school's codes not yet expired at `at` (used up and revoked ones included), newest first. */
  listLive(schoolId: string, at: string): Promise<EnrolmentCodeRecord[]>;
  byId(id: string): Promise<EnrolmentCodeRecord | null>;
  /** Revokes a code not revoked yet; false when it was already. */
  revoke(id: string, at: string): Promise<boolean>;
}

export interface SessionRepository {
  insert(s: SessionRecord & { createdAt: string }): Promise<void>;
  /** A live session (not expired, not revoked). */
  byTokenHash(tokenHash: string, at: string): Promise<SessionRecord | null>;
  revoke(tokenHash: string, at: string): Promise<void>;
  revokeAllOf(owner: { userId: string } | { studentId: string } | { deviceId: string }, at: string): Promise<void>;
  /** Live student sessions (not expired, not revoked) of the class's active pupils: on which tablet each signed in. */
  liveStudentDevicesOfClass(classId: string, at: string): Promise<{ deviceId: string; studentId: string }[]>;
  /** Whether any pupil ever signed in on this tablet (a tablet nobody used holds no pupil's work). */
  anyStudentSession(deviceId: string): Promise<boolean>;
}

export interface LoginFailureRepository {
  get(key: string): Promise<LoginFailureRecord | null>;
  /** One more failure; returns the new count. Locks until `lockUntil` when given. */
  record(key: string, at: string, lockUntil: string | null): Promise<number>;
  /** Sets a counter (the lock-out charges attempts when they start: auth/lockout.ts). */
  set(key: string, failures: number, at: string, lockUntil: string | null): Promise<void>;
  clear(key: string): Promise<void>;
  /** Clears every counter whose key starts with `prefix` (the IT referent's unlock); returns how many. */
  clearByPrefix(prefix: string): Promise<number>;
}

/** Columns a content edit may change. */
export interface ContentPatch {
  title?: string;
  groupId?: string | null;
  status?: ContentStatus;
  publishedAt?: string | null;
  deletedAt?: string | null;
  bumpVersion?: boolean;
  updatedAt: string;
}

/** Columns an assignment edit may change. */
export type AssignmentPatch = ContentPatch & {
  instructionsMarkdown?: string; questions?: Question[]; dueAt?: string | null; subject?: string | null; resultPolicy?: ResultPolicy;
  publishAt?: string | null; lessonId?: string | null;
};

export interface LessonRepository {
  /** Deleted ones too (the sync serialiser must see them to send a tombstone). */
  byId(id: string): Promise<LessonRecord | null>;
  /** Not deleted, newest first. */
  listByClass(classId: string): Promise<LessonRecord[]>;
  insert(l: Omit<LessonRecord, 'version' | 'publishedAt' | 'deletedAt' | 'status' | 'updatedAt'>): Promise<void>;
  update(id: string, patch: ContentPatch & { bodyMarkdown?: string }): Promise<void>;
  /** Published, not deleted, targeted at this group. */
  publishedIdsForGroup(groupId: string): Promise<string[]>;
}

export interface AssignmentRepository {
  byId(id: string): Promise<AssignmentRecord | null>;
  listByClass(classId: string): Promise<AssignmentRecord[]>;
  insert(a: Omit<AssignmentRecord, 'version' | 'publishedAt' | 'deletedAt' | 'status' | 'updatedAt' | 'authorName' | 'publishAt'>): Promise<void>;
  /** `subject: null` goes back to the class's; undefined keeps it (so do `publishAt` and `lessonId`). */
  update(id: string, patch: AssignmentPatch): Promise<void>;
  publishedIdsForGroup(groupId: string): Promise<string[]>;
  /** Live drafts whose scheduled publication is at or before `at`, earliest first (at most `limit`). */
  dueForPublishing(at: string, limit: number): Promise<AssignmentRecord[]>;
  /** The earliest scheduled publication of a live draft, or null. */
  nextPublishAt(): Promise<string | null>;
  /**
   * Publishes a scheduled draft whose time has come: status, `publishedAt` (the scheduled
   * instant), the schedule cleared — only if it is still a live draft scheduled at or before `at`.
   * False when another process (or an edit) got there first: the row is locked by the update,
   * so of two processes exactly one sees true.
   */
  publishScheduled(id: string, at: string): Promise<boolean>;
}

export interface LessonMediaRepository {
  byId(id: string): Promise<LessonMediaRecord | null>;
  /** In order (position, then creation). */
  listByLesson(lessonId: string): Promise<LessonMediaRecord[]>;
  /** Appended after the lesson's other media. */
  insert(m: LessonMediaRecord & { createdBy: string | null; createdAt: string }): Promise<void>;
  /** False when it was not on that lesson. */
  remove(lessonId: string, mediaId: string): Promise<boolean>;
  /** Sets its description; false when it was not on that lesson. */
  describe(lessonId: string, mediaId: string, description: string): Promise<boolean>;
  /** An assignment's media (instructions and questions), in order. */
  listByAssignment(assignmentId: string): Promise<LessonMediaRecord[]>;
  /** False when it was not on that assignment. */
  removeFromAssignment(assignmentId: string, mediaId: string): Promise<boolean>;
  /** Sets its description; false when it was not on that assignment. */
  describeOnAssignment(assignmentId: string, mediaId: string, description: string): Promise<boolean>;
}

export interface BlobCatalogRepository {
  /** Records the bytes once (content-addressed: a second insert of the same sha256 is a no-op). */
  ensure(b: { sha256: string; size: number; mime: string }, at: string): Promise<void>;
  /** Whether a lesson medium or a complete attachment still references these bytes. */
  inUse(sha256: string): Promise<boolean>;
}

export interface AttachmentRepository {
  byId(id: string): Promise<AttachmentRecord | null>;
  byUploadId(uploadId: string): Promise<AttachmentRecord | null>;
  /** Those of `ids` that belong to this student. */
  listOwned(studentId: string, ids: string[]): Promise<AttachmentRecord[]>;
  /** How many of `ids` exist and are complete. */
  countComplete(ids: string[]): Promise<number>;
  /** Creates the incomplete attachment, or points an incomplete one of the same student at a new upload. */
  beginUpload(a: Omit<AttachmentRecord, 'complete'> & { uploadId: string; at: string }): Promise<void>;
  clearUpload(id: string): Promise<void>;
  markComplete(id: string, at: string): Promise<void>;
  /** An attachment whose bytes are already stored (paper homework). */
  insertComplete(a: Omit<AttachmentRecord, 'complete' | 'uploadId'>, at: string): Promise<void>;
}

export interface SubmissionRepository {
  byId(id: string): Promise<SubmissionRecord | null>;
  byAssignmentAndStudent(assignmentId: string, studentId: string): Promise<SubmissionRecord | null>;
  listByAssignment(assignmentId: string): Promise<SubmissionRecord[]>;
  insert(s: { id: string; assignmentId: string; studentId: string; at: string }): Promise<void>;
  /** Sets the given fields and bumps the version. */
  update(id: string, patch: Partial<Pick<SubmissionRecord, 'state' | 'latestRevisionId' | 'submittedRevisionId' | 'submittedAt' | 'late' | 'resubmitted'>>, at: string): Promise<void>;
  /** The student's submissions whose latest or handed-in revision names this attachment. */
  idsReferencingAttachment(studentId: string, attachmentId: string): Promise<string[]>;
}

export interface RevisionRepository {
  byId(id: string): Promise<RevisionRecord | null>;
  nextNumber(submissionId: string): Promise<number>;
  insert(r: { id: string; submissionId: string; number: number; kind: 'draft' | 'submit'; answers: Answer[]; assignmentVersion: number; deviceId: string | null; createdAt: string; autoMarks?: AutoMark[] | null }): Promise<void>;
  /** The answers of a student's revisions of an assignment written against versions older than `version`. */
  answersBeforeVersion(assignmentId: string, studentId: string, version: number): Promise<Answer[]>;
}

export interface FeedbackRepository {
  byId(id: string): Promise<FeedbackRecord | null>;
  bySubmission(submissionId: string): Promise<FeedbackRecord | null>;
  insert(f: { id: string; submissionId: string; teacherId: string; perQuestion: QuestionFeedback[]; comment: string; mark: number | null; maxMark: number; at: string }): Promise<void>;
  /** Rewrites the teacher's feedback; bumps the version. `returnedAt` null: not returned (again) yet. */
  update(id: string, patch: { teacherId?: string; perQuestion?: QuestionFeedback[]; comment?: string; mark?: number | null; maxMark?: number; returnedAt: string | null }, at: string): Promise<void>;
}

/** The teacher's annotation layers over the photos of a copy (one row per photo). */
export interface AnnotationRepository {
  /** The copy's layers, by attachment id. */
  listBySubmission(submissionId: string): Promise<AnnotationRecord[]>;
  /** Writes the teacher's current layer (creating it or bumping its version); the returned one is kept. */
  save(a: { submissionId: string; attachmentId: string; teacherId: string; marks: AnnotationMark[] }, at: string): Promise<void>;
  /** At « Rendre la copie »: every layer of the copy becomes what the pupil has. */
  markReturned(submissionId: string, at: string): Promise<void>;
}

export interface ChangeLogRepository {
  /** `entity` has new content in `scope`: the row is (re)stamped with a fresh, higher seq. */
  put(scope: Scope, entity: ChangeEntity, entityId: string, at: string): Promise<void>;
  /** `entity` left `scope`: a tombstone. */
  remove(scope: Scope, entity: ChangeEntity, entityId: string, at: string): Promise<void>;
  /** Up to `limit` rows of these scopes after `afterSeq`, in seq order (puts only when `putsOnly`). */
  page(scopes: string[], afterSeq: number, limit: number, putsOnly: boolean): Promise<ChangeRecord[]>;
  /** The highest seq ever issued (0 for an empty log). */
  head(): Promise<number>;
  /** The highest seq recorded before `at`, or null. */
  lastSeqBefore(at: string): Promise<number | null>;
  /** Deletes tombstones below `seq`; returns how many. */
  purgeTombstonesBelow(seq: number): Promise<number>;
  /** Tombstones below this seq were purged (cursors older than it must resync). */
  purgeWatermark(): Promise<number>;
  setPurgeWatermark(seq: number): Promise<void>;
}

export interface MutationLogRepository {
  byMutationId(mutationId: string): Promise<AppliedMutationRecord | null>;
  seqTaken(deviceId: string, seq: number): Promise<boolean>;
  insert(m: AppliedMutationRecord & { at: string }): Promise<void>;
}

/** The teacher's follow-up of pupils' work (schema 013): own due dates and « À refaire ». */
export interface WorkFollowUpRepository {
  get(assignmentId: string, studentId: string): Promise<WorkFollowUpRecord | null>;
  listByAssignment(assignmentId: string): Promise<WorkFollowUpRecord[]>;
  /** Sets (or with null clears) the pupil's own due date. */
  setDue(assignmentId: string, studentId: string, dueAt: string | null, by: string | null, at: string): Promise<void>;
  /** Records the last « À refaire » of the pupil's copy. */
  sendBack(assignmentId: string, studentId: string, message: string, by: string | null, at: string): Promise<void>;
}

/** Reminders sent to pupils who had not handed in (schema 013). */
export interface ReminderRepository {
  insert(r: ReminderRecord): Promise<void>;
  /** The pupil's latest reminder for this assignment, or null. */
  latest(assignmentId: string, studentId: string): Promise<ReminderRecord | null>;
  /** Every reminder of the assignment, newest first. */
  listByAssignment(assignmentId: string): Promise<ReminderRecord[]>;
}

/** The teacher's spoken comments on copies (schema 013). */
export interface FeedbackAudioRepository {
  byId(id: string): Promise<FeedbackAudioRecord | null>;
  /** The comment that goes with the copy's feedback (not detached), or null. */
  current(submissionId: string): Promise<FeedbackAudioRecord | null>;
  insert(r: Omit<FeedbackAudioRecord, 'detachedAt'>): Promise<void>;
  /** Detaches the copy's current comment (re-recorded or deleted); false when there was none. */
  detach(submissionId: string, at: string): Promise<boolean>;
}

/** Which audit entries to list (all optional; dates are ISO instants, `to` exclusive). */
export interface AuditFilter {
  action?: string;
  actorId?: string;
  from?: string;
  to?: string;
  limit: number;
}

export interface AuditRepository {
  insert(e: Omit<AuditRecord, 'id'>): Promise<void>;
  /** The school's entries (every entry when `schoolId` is null: the admin CLI), newest first. */
  list(schoolId: string | null, filter: AuditFilter): Promise<AuditRecord[]>;
}

/** Columns a live session's command may change (each bumps its version). */
export type LiveSessionPatch = Partial<Pick<LiveSessionRecord, 'endedAt' | 'activityKind' | 'activityId' | 'activityTitle' | 'activityAt' | 'attentionSince' | 'collectAt'>>;

export interface LiveSessionRepository {
  insert(s: Omit<LiveSessionRecord, 'version' | 'endedAt' | 'activityKind' | 'activityId' | 'activityTitle' | 'activityAt' | 'attentionSince' | 'collectAt'>): Promise<void>;
  byId(id: string): Promise<LiveSessionRecord | null>;
  /** The class's sessions not ended, oldest first. */
  openForClass(classId: string): Promise<LiveSessionRecord[]>;
  /** Sets the fields and bumps the version; false when the session is ended (or unknown). */
  update(id: string, patch: LiveSessionPatch): Promise<boolean>;
  /** When each of these tablets' last mutation was applied (absent: never). */
  lastItemAt(deviceIds: string[]): Promise<Map<string, string>>;
}

export interface PaperPackRepository {
  /**
   * The pack was printed (again): the row is created with `code`, or an existing row keeps its
   * code (sheets of an earlier print still find their pupil) and takes the new layout and print time.
   * Returns the stored row.
   */
  recordPrinted(p: { assignmentId: string; studentId: string; code: string; layoutVersion: number; at: string; by: string }): Promise<PaperPackRecord>;
  /** Sets the sent date of these pupils' packs (those with a pack); returns how many. */
  markSent(assignmentId: string, studentIds: string[], at: string): Promise<number>;
  /** Sets the received date the first time a sheet comes back; false when there is no pack. */
  markReceived(assignmentId: string, studentId: string, at: string): Promise<boolean>;
  byCode(code: string): Promise<PaperPackRecord | null>;
  /** The assignment's packs, in no particular order. */
  listByAssignment(assignmentId: string): Promise<PaperPackRecord[]>;
  /** Keeps what was printed for the pupil at `layoutVersion` (not when the row has moved to another version since). */
  setLayout(assignmentId: string, studentId: string, layoutVersion: number, layout: PackLayout): Promise<void>;
}

export interface PaperPageRepository {
  /** Stores the page unless that pupil's page, or the same bytes, is already there for the assignment (false then). */
  insert(p: PaperPageRecord): Promise<boolean>;
  byId(id: string): Promise<PaperPageRecord | null>;
  /** The page already received for this pupil and page number, or with these bytes. */
  existing(assignmentId: string, sha256: string, studentId: string | null, page: number | null): Promise<PaperPageRecord | null>;
  /** Every returned page of the assignment (tray included), oldest first. */
  listByAssignment(assignmentId: string): Promise<PaperPageRecord[]>;
  /** The pupil's returned pages, by page number. */
  listByStudent(assignmentId: string, studentId: string): Promise<PaperPageRecord[]>;
  /** A tray page becomes this pupil's page (its attachment and boxes with it). */
  assign(id: string, studentId: string, page: number, attachmentId: string, boxes: PaperBox[] | null): Promise<void>;
  setBoxes(id: string, boxes: PaperBox[]): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Every repository, bound to one transaction. */
export interface Repositories {
  schools: SchoolRepository;
  users: UserRepository;
  classes: ClassRepository;
  students: StudentRepository;
  groups: GroupRepository;
  devices: DeviceRepository;
  enrolmentCodes: EnrolmentCodeRepository;
  sessions: SessionRepository;
  loginFailures: LoginFailureRepository;
  lessons: LessonRepository;
  assignments: AssignmentRepository;
  lessonMedia: LessonMediaRepository;
  blobCatalog: BlobCatalogRepository;
  attachments: AttachmentRepository;
  submissions: SubmissionRepository;
  revisions: RevisionRepository;
  feedback: FeedbackRepository;
  annotations: AnnotationRepository;
  changes: ChangeLogRepository;
  mutations: MutationLogRepository;
  audit: AuditRepository;
  live: LiveSessionRepository;
  paperPacks: PaperPackRepository;
  paperPages: PaperPageRepository;
  followUps: WorkFollowUpRepository;
  reminders: ReminderRepository;
  feedbackAudio: FeedbackAudioRepository;
  /** Software updates (issue 16): update-repository.ts. */
  updates: UpdateRepository;
}

/** A transaction: the repositories, and savepoints inside it. */
export interface Tx extends Repositories {
  /** Runs `fn` in a savepoint: if it throws, what it wrote is undone and the error goes on. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * The database the services run on. `write` commits everything `fn` wrote or nothing;
 * `read` sees one consistent snapshot. Inside `fn`, await only the repositories — never the
 * network, the blob store or a password hash (a transaction must stay short).
 */
export interface Database {
  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A consistent copy of the whole database into a file, while the server runs. */
  backup(toFile: string): Promise<void>;
  /**
   * Puts a checked database file in place of the current one, between two transactions (none
   * runs meanwhile), keeping the current one as `<file>.bak`; older schemas are upgraded.
   * PostgreSQL refuses (backup_use_pg_dump).
   */
  replaceWith(checkedFile: string): Promise<{ previousKeptAs: string }>;
  close(): Promise<void>;
}
