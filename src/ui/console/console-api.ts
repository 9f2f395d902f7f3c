/**
 * The console's typed client for the school server's HTTP API (docs/api.md). Types come
 * from src/protocol (type-only imports: no schema code in the console chunk).
 *
 * Token policy: the session token lives in **sessionStorage** — it dies with the tab, so
 * a teacher on the kit's shared mini-PC who forgets to sign out does not leave a session
 * open for the next person; a reload in the same tab keeps it. The known-browser key of each
 * login (not a session: it only gives this browser its own sign-in lock-out counter, so a
 * stranger's wrong guesses elsewhere cannot lock the teacher out here) lives in localStorage.
 */
import type { AnnotationMark, PhotoAnnotations } from '../../protocol/annotations.ts';
import type { RolloutRequest, UpdateSettings, UpdatesOverview } from '../../protocol/app-updates.ts';
import type {
  Assignment, AttachmentMeta, Device, Feedback, Lesson, MediaRef, StudentCard, Submission,
} from '../../protocol/entities.ts';
import type { UserLoginResponse, SessionUser } from '../../protocol/auth.ts';
import type {
  BackupStatus, ClassSummary, ConsoleSettings, CreateAssignmentRequest, CreateClassRequest, CreateGroupRequest, CreateLessonRequest, CreateStudentRequest,
  CreateUserRequest, AuditEntry, AuditQuery, DuplicateAssignmentRequest, EnrolmentCode, EnrolmentCodeInfo, FeedbackRequest, GroupInfo, PublishRequest, RosterImportReport, ScheduleRequest, SchoolInfo,
  SubmissionDetail, SubmissionRow, UpdateAssignmentRequest, UpdateClassRequest, UpdateGroupRequest, UpdateLessonRequest,
  UpdateStudentRequest, UpdateUserRequest, UserInfo, RestoreResult,
} from '../../protocol/console.ts';
import type { Gradebook } from '../../protocol/gradebook.ts';
import type { PaperPackRequest, PaperPackStatus, PaperSentRequest } from '../../protocol/paper.ts';
import type { AssignTrayPage, ConfirmBoxes, PaperReadings, PaperReturnOutcome, PaperReturnsView } from '../../protocol/paper-returns.ts';
import type { DueOverrideResult, ReminderResult } from '../../protocol/follow-up.ts';

import { errorFromAnswer } from '../../sync/http-transport.ts';

const TOKEN_KEY = 'cartable.console.token';
const USER_KEY = 'cartable.console.user';

/** An error answer of the server (one class for the tablet and the console, ../../sync/http-transport.ts). */
export { ApiError, NetworkError } from '../../sync/http-transport.ts';

/** The signed-in teacher or IT referent of this tab, if any. */
export function loadSession(storage: Storage = sessionStorage): { token: string; user: SessionUser } | null {
  const token = storage.getItem(TOKEN_KEY);
  const user = storage.getItem(USER_KEY);
  if (!token || !user) return null;
  try {
    return { token, user: JSON.parse(user) as SessionUser };
  } catch {
    return null;
  }
}

function saveSession(s: UserLoginResponse, storage: Storage = sessionStorage) {
  storage.setItem(TOKEN_KEY, s.token);
  storage.setItem(USER_KEY, JSON.stringify(s.user));
}

const KNOWN_BROWSER_PREFIX = 'cartable.console.knownBrowser.';

/** The known-browser key an earlier sign-in of `login` left in this browser. */
export function knownBrowserKey(login: string, storage: Storage | null = typeof localStorage === 'undefined' ? null : localStorage): string | undefined {
  try {
    return storage?.getItem(KNOWN_BROWSER_PREFIX + login.toLowerCase()) ?? undefined;
  } catch {
    return undefined; // storage disabled: sign-in still works, on the shared counters
  }
}

function saveKnownBrowserKey(login: string, key: string | undefined, storage: Storage | null = typeof localStorage === 'undefined' ? null : localStorage) {
  try {
    if (key) storage?.setItem(KNOWN_BROWSER_PREFIX + login.toLowerCase(), key);
  } catch {
    /* storage full or disabled: nothing to keep */
  }
}

/** Forgets the session of this tab. */
export function clearSession(storage: Storage = sessionStorage) {
  storage.removeItem(TOKEN_KEY);
  storage.removeItem(USER_KEY);
}

type Body = { json: unknown } | { raw: Blob | ArrayBuffer | string; type: string } | undefined;

/** Builds a client; `onUnauthenticated` runs when the server says the session is gone. */
export function createConsoleApi(opts: { base?: string; onUnauthenticated?: () => void; fetchImpl?: typeof fetch } = {}) {
  const base = opts.base ?? '';
  const doFetch = opts.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function send(method: string, path: string, body?: Body): Promise<Response> {
    const headers: Record<string, string> = {};
    const token = loadSession()?.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: BodyInit | undefined;
    if (body && 'json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body) {
      headers['content-type'] = body.type;
      payload = body.raw;
    }
    const res = await doFetch(base + path, { method, headers, body: payload });
    if (!res.ok) {
      // The one transport's reading: the server's code and params, or a proxy's 502-504 = the server is away.
      const err = errorFromAnswer(res.status, await res.text().catch(() => ''));
      if (res.status === 401 && path !== '/api/auth/login') {
        clearSession();
        opts.onUnauthenticated?.();
      }
      throw err;
    }
    return res;
  }

  async function call<T>(method: string, path: string, json?: unknown): Promise<T> {
    const res = await send(method, path, json === undefined ? undefined : { json });
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }
  /** A file the server sends to download (GET), and its name from Content-Disposition (`fallback` when none). */
  async function file(path: string, fallback: string, post?: unknown): Promise<{ blob: Blob; name: string }> {
    const res = post === undefined ? await send('GET', path) : await send('POST', path, { json: post });
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
    return { blob: await res.blob(), name };
  }
  const e = encodeURIComponent;
  /** `?action=…&actorId=…&from=…&to=…` with only the filters set. */
  const auditQuery = (q: AuditQuery) => {
    const qs = new URLSearchParams(Object.entries(q).filter((kv): kv is [string, string] => typeof kv[1] === 'string' && kv[1] !== '')).toString();
    return qs ? `?${qs}` : '';
  };

  return {
    async login(login: string, password: string): Promise<SessionUser> {
      const r = await call<UserLoginResponse>('POST', '/api/auth/login', { login, password, knownBrowserKey: knownBrowserKey(login) });
      saveSession(r);
      saveKnownBrowserKey(login, r.knownBrowserKey);
      return r.user;
    },
    /** The adult's own new password; the stored session no longer asks for it. */
    async changePassword(currentPassword: string, newPassword: string): Promise<void> {
      await call<void>('POST', '/api/auth/password', { currentPassword, newPassword });
      const s = loadSession();
      if (s) sessionStorage.setItem(USER_KEY, JSON.stringify({ ...s.user, mustChangePassword: undefined }));
    },
    async logout() {
      try {
        await call<void>('POST', '/api/auth/logout');
      } finally {
        clearSession();
      }
    },
    school: () => call<SchoolInfo>('GET', '/api/school'),

    users: () => call<UserInfo[]>('GET', '/api/users'),
    createUser: (b: CreateUserRequest) => call<UserInfo>('POST', '/api/users', b),
    updateUser: (id: string, b: UpdateUserRequest) => call<UserInfo>('PATCH', `/api/users/${e(id)}`, b),

    classes: () => call<ClassSummary[]>('GET', '/api/classes'),
    createClass: (b: CreateClassRequest) => call<ClassSummary>('POST', '/api/classes', b),
    updateClass: (id: string, b: UpdateClassRequest) => call<ClassSummary>('PATCH', `/api/classes/${e(id)}`, b),
    /** A teacher of the class (or the IT referent): the class's subject, null clears it. */
    setClassSubject: (id: string, subject: string | null) => call<ClassSummary>('PUT', `/api/classes/${e(id)}/subject`, { subject }),
    students: (classId: string) => call<StudentCard[]>('GET', `/api/classes/${e(classId)}/students`),
    createStudent: (classId: string, b: CreateStudentRequest) => call<StudentCard>('POST', `/api/classes/${e(classId)}/students`, b),
    updateStudent: (id: string, b: UpdateStudentRequest) => call<StudentCard>('PATCH', `/api/students/${e(id)}`, b),
    groups: (classId: string) => call<GroupInfo[]>('GET', `/api/classes/${e(classId)}/groups`),
    createGroup: (classId: string, b: CreateGroupRequest) => call<GroupInfo>('POST', `/api/classes/${e(classId)}/groups`, b),
    updateGroup: (id: string, b: UpdateGroupRequest) => call<GroupInfo>('PATCH', `/api/groups/${e(id)}`, b),
    /**
     * A CSV, or a SIECLE export (zip or XML: sent as bytes, the server tells them apart): checked
     * (`{ dryRun: true }`), then imported with the check's `confirmation` (`{ confirm }`).
     */
    async importRoster(file: Blob, mode: { dryRun: true } | { confirm: string }, archiveMissing = false): Promise<RosterImportReport> {
      const query = new URLSearchParams({ ...('confirm' in mode ? { confirm: mode.confirm } : { dryRun: '1' }), ...(archiveMissing ? { archiveMissing: '1' } : {}) }).toString();
      const csv = /csv|text\/plain/.test(file.type) || (file instanceof File && /\.csv$/i.test(file.name));
      const res = await send('POST', `/api/roster/import${query ? `?${query}` : ''}`, { raw: file, type: csv ? 'text/csv' : 'application/octet-stream' });
      return (await res.json()) as RosterImportReport;
    },
    /** The archive and its name (from Content-Disposition). */
    backup: () => file('/api/backup', 'cartable.tar'),
    audit: (q: AuditQuery) => call<AuditEntry[]>('GET', `/api/audit${auditQuery(q)}`),
    /** The same selection as a CSV file and its name (from Content-Disposition). */
    auditCsv: (q: AuditQuery) => file(`/api/audit.csv${auditQuery(q)}`, 'journal-cartable.csv'),
    backupStatus: () => call<BackupStatus>('GET', '/api/backup/status'),
    async restoreBackup(file: Blob): Promise<RestoreResult> {
      return (await (await send('POST', '/api/backup/restore', { raw: file, type: 'application/x-tar' })).json()) as RestoreResult;
    },

    createEnrolmentCode: (classId?: string) => call<EnrolmentCode>('POST', '/api/devices/codes', classId ? { classId } : {}),
    enrolmentCodes: () => call<EnrolmentCodeInfo[]>('GET', '/api/devices/codes'),
    revokeEnrolmentCode: (id: string) => call<void>('POST', `/api/devices/codes/${e(id)}/revoke`),
    devices: (classId?: string) => call<Device[]>('GET', `/api/devices${classId ? `?classId=${e(classId)}` : ''}`),
    revokeDevice: (id: string) => call<Device>('POST', `/api/devices/${e(id)}/revoke`),
    /** « Tablette perdue ou volée »: it erases its pupils' data at its next contact. */
    reportDeviceLost: (id: string) => call<Device>('POST', `/api/devices/${e(id)}/lost`),
    reactivateDevice: (id: string) => call<Device>('POST', `/api/devices/${e(id)}/reactivate`),
    settings: () => call<ConsoleSettings>('GET', '/api/console/settings'),

    // software updates (issue 16)
    updates: () => call<UpdatesOverview>('GET', '/api/updates'),
    setRollout: (r: RolloutRequest) => call<UpdatesOverview>('PUT', '/api/updates/rollout', r),
    rollback: (buildId: string) => call<UpdatesOverview>('POST', `/api/updates/builds/${e(buildId)}/rollback`, {}),
    haltRollout: () => call<UpdatesOverview>('POST', '/api/updates/halt'),
    resumeRollout: () => call<UpdatesOverview>('POST', '/api/updates/resume'),
    updateSettings: (s: UpdateSettings) => call<UpdatesOverview>('PUT', '/api/updates/settings', s),

    lessons: (classId: string) => call<Lesson[]>('GET', `/api/classes/${e(classId)}/lessons`),
    lesson: (id: string) => call<Lesson>('GET', `/api/lessons/${e(id)}`),
    createLesson: (classId: string, b: CreateLessonRequest) => call<Lesson>('POST', `/api/classes/${e(classId)}/lessons`, b),
    updateLesson: (id: string, b: UpdateLessonRequest) => call<Lesson>('PATCH', `/api/lessons/${e(id)}`, b),
    deleteLesson: (id: string) => call<void>('DELETE', `/api/lessons/${e(id)}`),
    publishLesson: (id: string, b: PublishRequest) => call<Lesson>('POST', `/api/lessons/${e(id)}/publish`, b),
    unpublishLesson: (id: string) => call<Lesson>('POST', `/api/lessons/${e(id)}/unpublish`, {}),
    async uploadLessonMedia(id: string, file: File): Promise<MediaRef> {
      const res = await send('POST', `/api/lessons/${e(id)}/media?name=${e(file.name)}`, { raw: file, type: file.type || 'application/octet-stream' });
      return (await res.json()) as MediaRef;
    },
    describeLessonMedia: (id: string, mediaId: string, description: string) => call<MediaRef>('PATCH', `/api/lessons/${e(id)}/media/${e(mediaId)}`, { description }),
    deleteLessonMedia: (id: string, mediaId: string) => call<void>('DELETE', `/api/lessons/${e(id)}/media/${e(mediaId)}`),
    /** An image or a sound for the instructions (`questionId` null) or one saved question of an assignment. */
    async uploadAssignmentMedia(id: string, file: File, questionId: string | null): Promise<MediaRef> {
      const q = questionId ? `&questionId=${e(questionId)}` : '';
      const res = await send('POST', `/api/assignments/${e(id)}/media?name=${e(file.name)}${q}`, { raw: file, type: file.type || 'application/octet-stream' });
      return (await res.json()) as MediaRef;
    },
    describeAssignmentMedia: (id: string, mediaId: string, description: string) => call<MediaRef>('PATCH', `/api/assignments/${e(id)}/media/${e(mediaId)}`, { description }),
    deleteAssignmentMedia: (id: string, mediaId: string) => call<void>('DELETE', `/api/assignments/${e(id)}/media/${e(mediaId)}`),

    assignments: (classId: string) => call<Assignment[]>('GET', `/api/classes/${e(classId)}/assignments`),
    assignment: (id: string) => call<Assignment>('GET', `/api/assignments/${e(id)}`),
    createAssignment: (classId: string, b: CreateAssignmentRequest) => call<Assignment>('POST', `/api/classes/${e(classId)}/assignments`, b),
    updateAssignment: (id: string, b: UpdateAssignmentRequest) => call<Assignment>('PATCH', `/api/assignments/${e(id)}`, b),
    deleteAssignment: (id: string) => call<void>('DELETE', `/api/assignments/${e(id)}`),
    duplicateAssignment: (id: string, b: DuplicateAssignmentRequest) => call<Assignment>('POST', `/api/assignments/${e(id)}/duplicate`, b),
    publishAssignment: (id: string, b: PublishRequest) => call<Assignment>('POST', `/api/assignments/${e(id)}/publish`, b),
    unpublishAssignment: (id: string) => call<Assignment>('POST', `/api/assignments/${e(id)}/unpublish`, {}),
    scheduleAssignment: (id: string, b: ScheduleRequest) => call<Assignment>('PUT', `/api/assignments/${e(id)}/schedule`, b),
    unscheduleAssignment: (id: string) => call<Assignment>('DELETE', `/api/assignments/${e(id)}/schedule`),
    gradebook: (classId: string) => call<Gradebook>('GET', `/api/classes/${e(classId)}/gradebook`),
    /** The gradebook as a French spreadsheet's CSV, and its file name (from Content-Disposition). */
    gradebookCsv: (classId: string) => file(`/api/classes/${e(classId)}/gradebook.csv`, 'notes.csv'),
    submissions: (assignmentId: string) => call<SubmissionRow[]>('GET', `/api/assignments/${e(assignmentId)}/submissions`),
    submission: (id: string) => call<SubmissionDetail>('GET', `/api/submissions/${e(id)}`),
    saveFeedback: (id: string, b: FeedbackRequest) => call<Feedback>('PUT', `/api/submissions/${e(id)}/feedback`, b),
    returnSubmission: (id: string) => call<Feedback>('POST', `/api/submissions/${e(id)}/return`),
    saveAnnotations: (submissionId: string, attachmentId: string, marks: AnnotationMark[]) =>
      call<PhotoAnnotations>('PUT', `/api/submissions/${e(submissionId)}/attachments/${e(attachmentId)}/annotations`, { marks }),
    // The teacher's follow-up (issue 13).
    sendBack: (id: string, message: string) => call<Submission>('POST', `/api/submissions/${e(id)}/send-back`, { message }),
    setStudentDue: (assignmentId: string, studentId: string, dueAt: string | null) =>
      call<DueOverrideResult>('PUT', `/api/assignments/${e(assignmentId)}/students/${e(studentId)}/due`, { dueAt }),
    remind: (assignmentId: string, message: string) => call<ReminderResult>('POST', `/api/assignments/${e(assignmentId)}/reminders`, message.trim() ? { message } : {}),
    async uploadFeedbackAudio(id: string, recording: Blob, durationMs: number): Promise<Feedback> {
      const res = await send('POST', `/api/submissions/${e(id)}/feedback/audio?durationMs=${Math.max(1, Math.round(durationMs))}`, { raw: recording, type: recording.type.split(';')[0] || 'audio/webm' });
      return (await res.json()) as Feedback;
    },
    removeFeedbackAudio: (id: string) => call<Feedback>('DELETE', `/api/submissions/${e(id)}/feedback/audio`),
    /** Attaches the photo of a student's paper homework as a handed-in revision (paper-routes). */
    async attachPaper(assignmentId: string, studentId: string, photo: Blob): Promise<{ submission: Submission; attachment: AttachmentMeta }> {
      const res = await send('POST', `/api/assignments/${e(assignmentId)}/students/${e(studentId)}/paper`, { raw: photo, type: photo.type || 'image/jpeg' });
      return (await res.json()) as { submission: Submission; attachment: AttachmentMeta };
    },
    /** The paper packs of these pupils as one PDF, and its file name (issue 15); records them as printed. */
    paperPack: (assignmentId: string, studentIds: string[]) => file(`/api/assignments/${e(assignmentId)}/paper-pack`, 'devoirs-papier.pdf', { studentIds } satisfies PaperPackRequest),
    /** Who was given a paper pack, when it went out and came back. */
    paperPacks: (assignmentId: string) => call<PaperPackStatus[]>('GET', `/api/assignments/${e(assignmentId)}/paper-packs`),
    /** These pupils' packs went out today. */
    markPaperSent: (assignmentId: string, studentIds: string[]) => call<PaperPackStatus[]>('POST', `/api/assignments/${e(assignmentId)}/paper-packs/sent`, { studentIds } satisfies PaperSentRequest),
    /** The printed layouts by pack code, the pages received and the tray (issue 15). */
    paperReturns: (assignmentId: string) => call<PaperReturnsView>('GET', `/api/assignments/${e(assignmentId)}/paper-returns`),
    /** One returned page and what the scan worker read on it (nothing: to the tray). */
    async sendReturnedPage(assignmentId: string, image: Blob, read?: { code: string; page: number; layoutVersion: number; boxes: string }): Promise<PaperReturnOutcome> {
      const qs = read ? `?${new URLSearchParams({ code: read.code, page: String(read.page), layoutVersion: String(read.layoutVersion), ...(read.boxes ? { boxes: read.boxes } : {}) })}` : '';
      const res = await send('POST', `/api/assignments/${e(assignmentId)}/paper-returns${qs}`, { raw: image, type: image.type || 'image/jpeg' });
      return (await res.json()) as PaperReturnOutcome;
    },
    assignTrayPage: (assignmentId: string, pageId: string, to: AssignTrayPage) => call<PaperReturnOutcome>('POST', `/api/assignments/${e(assignmentId)}/paper-returns/${e(pageId)}/assign`, to),
    discardTrayPage: (assignmentId: string, pageId: string) => call<void>('DELETE', `/api/assignments/${e(assignmentId)}/paper-returns/${e(pageId)}`),
    paperReadings: (submissionId: string) => call<PaperReadings>('GET', `/api/submissions/${e(submissionId)}/paper`),
    confirmPaperBoxes: (submissionId: string, questionId: string, ticked: string[]) =>
      call<PaperReadings>('PUT', `/api/submissions/${e(submissionId)}/paper-boxes/${e(questionId)}`, { ticked } satisfies ConfirmBoxes),
    /** The correction to print for the family (PDF). */
    correctionPdf: (submissionId: string) => file(`/api/submissions/${e(submissionId)}/correction.pdf`, 'correction.pdf'),
    /** Fetches an attachment or lesson medium with the session token; a blob: URL for <img>/<audio>. */
    async attachmentUrl(url: string): Promise<string> {
      return URL.createObjectURL(await (await send('GET', url)).blob());
    },
  };
}

/** The console's API client type. */
export type ConsoleApi = ReturnType<typeof createConsoleApi>;
