/**
 * The live class's rules (issue 17).
 * - Only a teacher of the class starts or drives its session (classFor(…, 'teacher'): another
 *   teacher's or school's ids answer 404, an IT referent 403). One open session per class and
 *   audience (the class, or one group): starting again gives the one running back.
 * - What is pushed must be published to the session's pupils (the class, or this group);
 *   the tablet opens it from what its sync brought, so nothing else could open there anyway.
 * - A tablet receives only the sessions of its signed-in pupil's class — of the whole class,
 *   or of a group the pupil belongs to — and reports only into those.
 * - Every command is written to the session's row, then announced on the bus: a tablet that
 *   missed the announcement reads the same truth with GET /api/live/current.
 */
import type { Database, Tx } from '../store/repositories.ts';
import type { LiveSessionRecord, StudentRecord } from '../store/records.ts';
import type { Actor, StudentActor } from '../access/actor.ts';
import { classFor, requireStudent, studentGroupIds } from '../access/access-rules.ts';
import { fail } from '../domain/domain-error.ts';
import { newId, now } from '../ids.ts';
import type { LiveActivityRequest, LiveHandIn, LiveProgressRequest, LivePupil, LiveRoom, LiveSessionInfo, LiveTablet, TabletLiveSession } from '../../src/protocol/live.ts';
import type { LiveBus } from './live-bus.ts';
import type { LivePresence } from './live-presence.ts';

/** The grain of a tablet's `lastSyncAt` (DeviceRepository.markSynced writes it to the half-minute). */
const SYNC_GRAIN_MS = 30_000;

export class LiveService {
  constructor(private readonly db: Database, readonly bus: LiveBus, readonly presence: LivePresence) {}

  /** Starts (or gives back) the session of `classId` for the whole class or `groupId`. */
  async start(actor: Actor, classId: string, groupId: string | null): Promise<LiveSessionInfo> {
    const info = await this.db.write(async (tx) => {
      const cls = await classFor(tx, actor, classId, 'teacher');
      if (groupId) {
        const g = await tx.groups.byId(groupId);
        if (!g || g.classId !== classId || g.archived) throw fail('group_not_in_class');
      }
      const running = (await tx.live.openForClass(classId)).find((s) => s.groupId === groupId);
      if (running) return this.info(tx, running);
      const teacherId = actor.kind === 'user' ? actor.userId : (await tx.classes.teacherIds(classId))[0];
      if (!teacherId) throw fail('teacher_unknown');
      const id = newId();
      await tx.live.insert({ id, schoolId: cls.schoolId, classId, groupId, teacherId, startedAt: now() });
      return this.info(tx, (await tx.live.byId(id))!);
    });
    await this.announce(info);
    return info;
  }

  /** The class's running sessions (the console resumes one after a reload). */
  openForClass(actor: Actor, classId: string): Promise<LiveSessionInfo[]> {
    return this.db.read(async (tx) => {
      await classFor(tx, actor, classId, 'teacher');
      const out = [];
      for (const s of await tx.live.openForClass(classId)) out.push(await this.info(tx, s));
      return out;
    });
  }

  /** « Ouvrez le devoir X / la leçon Y » (kind null: nothing to open any more). */
  pushActivity(actor: Actor, id: string, req: LiveActivityRequest): Promise<LiveSessionInfo> {
    return this.command(actor, id, async (tx, s) => {
      if (req.kind === null) return { activityKind: null, activityId: null, activityTitle: null, activityAt: null };
      const content = req.kind === 'assignment' ? await tx.assignments.byId(req.id) : await tx.lessons.byId(req.id);
      if (!content || content.deletedAt || content.classId !== s.classId) throw fail(req.kind === 'assignment' ? 'assignment_not_found' : 'lesson_not_found');
      // Published to the whole class, or to the session's own group: every pupil of the session has it.
      if (content.status !== 'published' || (content.groupId !== null && content.groupId !== s.groupId)) throw fail('live_activity_unavailable');
      return { activityKind: req.kind, activityId: content.id, activityTitle: content.title, activityAt: now() };
    });
  }

  /** « Regardez le tableau » on (until lifted) or off. */
  attention(actor: Actor, id: string, on: boolean): Promise<LiveSessionInfo> {
    return this.command(actor, id, async (_tx, s) => ({ attentionSince: on ? (s.attentionSince ?? now()) : null }));
  }

  /** « Tout récupérer »: every tablet of the room syncs now. */
  collect(actor: Actor, id: string): Promise<LiveSessionInfo> {
    return this.command(actor, id, async () => ({ collectAt: now() }));
  }

  /** Ends the session: the tablets drop its overlay and prompt. */
  end(actor: Actor, id: string): Promise<LiveSessionInfo> {
    return this.command(actor, id, async () => ({ endedAt: now(), attentionSince: null }));
  }

  /** The room: every pupil of the session and every tablet of the class, with what this process heard. */
  room(actor: Actor, id: string): Promise<LiveRoom> {
    return this.db.read(async (tx) => {
      const s = await this.sessionFor(tx, actor, id);
      const info = await this.info(tx, s);
      const nowMs = Date.now();
      const pupils = await this.audience(tx, s);
      const subs = s.activityKind === 'assignment' && s.activityId ? await tx.submissions.listByAssignment(s.activityId) : [];
      const subOf = new Map(subs.map((x) => [x.studentId, x]));
      const devices = (await tx.devices.listBySchool(s.schoolId)).filter((d) => !d.lostAt);
      const pendingOf = new Map<string, number>();
      for (const d of devices) for (const p of d.pendingStudents) pendingOf.set(p.studentId, (pendingOf.get(p.studentId) ?? 0) + p.works);
      const livePupils: LivePupil[] = pupils.map((st) => {
        const p = this.presence.get(st.id);
        const online = !!p && this.presence.isOnline(p, nowMs);
        const progress = p?.progress?.sessionId === s.id ? p.progress : null;
        const sub = subOf.get(st.id);
        const handIn: LiveHandIn = !sub ? 'none' : sub.state === 'draft' ? 'draft' : sub.state;
        return {
          studentId: st.id, firstName: st.firstName, lastName: st.lastName, online,
          deviceName: p?.deviceName ?? null, lastSeenAt: p?.at ?? null,
          screen: progress?.screen ?? null,
          onActivity: !!progress && !!s.activityId && progress.itemId === s.activityId,
          question: progress?.question ?? null, answered: progress?.answered ?? null, total: progress?.total ?? null,
          handIn, handedInAt: sub?.submittedAt ?? null,
          waiting: progress && online ? progress.waiting : (pendingOf.get(st.id) ?? null),
        };
      });
      // The class's tablets, and any other tablet a pupil of the room is on now.
      const present = new Set(pupils.map((st) => this.presence.get(st.id)).filter((p) => p && this.presence.isOnline(p, nowMs)).map((p) => p!.deviceId));
      const shown = devices.filter((d) => !d.revokedAt && (d.classId === s.classId || present.has(d.id)));
      const lastItem = await tx.live.lastItemAt(shown.map((d) => d.id));
      const tablets: LiveTablet[] = shown.map((d) => ({
        deviceId: d.id, name: d.name, online: present.has(d.id), lastItemAt: lastItem.get(d.id) ?? null,
        lastSyncAt: d.lastSyncAt, pendingCount: d.pendingCount, pendingBytes: d.pendingBytes,
        // lastSyncAt is kept to the half-minute (one disk write per tablet per 30 s): a sync within
        // that grain of the request counts, as the class tablets screen would see it.
        collected: !!s.collectAt && !!d.lastSyncAt && Date.parse(d.lastSyncAt) >= Date.parse(s.collectAt) - SYNC_GRAIN_MS,
      }));
      return { session: info, pupils: livePupils, tablets, at: new Date(nowMs).toISOString() };
    });
  }

  /** The running sessions the signed-in pupil belongs to (their class's, or a group of theirs). */
  tabletState(actor: Actor): Promise<TabletLiveSession[]> {
    return this.db.read(async (tx) => {
      const st = requireStudent(actor);
      const student = await tx.students.byId(st.studentId);
      if (!student || student.archived) return [];
      return this.sessionsForStudent(tx, student);
    });
  }

  /** Who the pupil is, for the channel: their class and groups (what they may hear), and their tablet's name. */
  audienceOf(actor: StudentActor): Promise<{ classId: string; groupIds: Set<string>; deviceName: string } | null> {
    return this.db.read(async (tx) => {
      const student = await tx.students.byId(actor.studentId);
      const device = await tx.devices.byId(actor.deviceId);
      if (!student || student.archived || !device) return null;
      return { classId: student.classId, groupIds: await studentGroupIds(tx, student), deviceName: device.name };
    });
  }

  /** One running session the actor teaches. */
  get(actor: Actor, id: string): Promise<LiveSessionInfo> {
    return this.db.read(async (tx) => this.info(tx, await this.sessionFor(tx, actor, id)));
  }

  /** The class's running sessions as tablets receive them (the hub filters them per pupil). */
  tabletSessionsOfClass(classId: string): Promise<TabletLiveSession[]> {
    return this.db.read(async (tx) => {
      const out = [];
      for (const s of await tx.live.openForClass(classId)) out.push(await this.tabletSession(tx, s));
      return out;
    });
  }

  /** The pupil's tablet says where they are; only into a running session of theirs. */
  async progress(actor: Actor, deviceName: string, req: LiveProgressRequest): Promise<void> {
    const st = requireStudent(actor);
    const ok = await this.db.read(async (tx) => {
      const student = await tx.students.byId(st.studentId);
      if (!student || student.archived) return false;
      return (await this.sessionsForStudent(tx, student)).some((s) => s.id === req.sessionId);
    });
    if (!ok) throw fail('live_session_not_found');
    await this.bus.publish({
      type: 'presence', studentId: st.studentId, classId: st.classId, deviceId: st.deviceId, deviceName, online: true, at: now(),
      progress: { sessionId: req.sessionId, screen: req.screen, itemId: req.itemId, question: req.question, answered: req.answered, total: req.total, waiting: req.waiting },
    });
  }

  private async command(actor: Actor, id: string, patch: (tx: Tx, s: LiveSessionRecord) => Promise<Parameters<Tx['live']['update']>[1]>): Promise<LiveSessionInfo> {
    const info = await this.db.write(async (tx) => {
      const s = await this.sessionFor(tx, actor, id);
      if (!(await tx.live.update(id, await patch(tx, s)))) throw fail('live_session_not_found');
      return this.info(tx, (await tx.live.byId(id))!);
    });
    await this.announce(info);
    return info;
  }

  private announce(info: LiveSessionInfo) {
    return this.bus.publish({ type: 'session', sessionId: info.id, classId: info.classId });
  }

  /** A running session the actor teaches; else live_session_not_found (nothing said about others'). */
  private async sessionFor(tx: Tx, actor: Actor, id: string): Promise<LiveSessionRecord> {
    const s = await tx.live.byId(id);
    if (!s || s.endedAt) throw fail('live_session_not_found');
    await classFor(tx, actor, s.classId, 'teacher', 'live_session_not_found');
    return s;
  }

  private async audience(tx: Tx, s: LiveSessionRecord): Promise<StudentRecord[]> {
    const all = await tx.students.listByClass(s.classId, { activeOnly: true });
    if (!s.groupId) return all;
    const members = new Set(await tx.groups.memberIds(s.groupId));
    return all.filter((st) => members.has(st.id));
  }

  private async sessionsForStudent(tx: Tx, student: StudentRecord): Promise<TabletLiveSession[]> {
    const groups = await studentGroupIds(tx, student);
    const out = [];
    for (const s of await tx.live.openForClass(student.classId)) if (!s.groupId || groups.has(s.groupId)) out.push(await this.tabletSession(tx, s));
    return out;
  }

  private async tabletSession(tx: Tx, s: LiveSessionRecord): Promise<TabletLiveSession> {
    const teacher = await tx.users.byId(s.teacherId);
    return {
      id: s.id, classId: s.classId, groupId: s.groupId, teacherName: teacher?.displayName ?? '',
      activity: s.activityKind && s.activityId && s.activityAt ? { kind: s.activityKind, id: s.activityId, title: s.activityTitle ?? '', at: s.activityAt } : null,
      attentionSince: s.attentionSince, collectAt: s.collectAt, version: s.version,
    };
  }

  private async info(tx: Tx, s: LiveSessionRecord): Promise<LiveSessionInfo> {
    const cls = await tx.classes.byId(s.classId);
    const group = s.groupId ? await tx.groups.byId(s.groupId) : null;
    const t = await this.tabletSession(tx, s);
    return {
      id: s.id, classId: s.classId, className: cls?.name ?? '', groupId: s.groupId, groupName: group?.name ?? null,
      teacherId: s.teacherId, teacherName: t.teacherName, startedAt: s.startedAt, endedAt: s.endedAt,
      activity: t.activity, attentionSince: s.attentionSince, collectAt: s.collectAt, version: s.version,
    };
  }
}
