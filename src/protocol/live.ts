/**
 * The live class (issue 17): a lesson session a teacher runs from the kit's mini-PC for a
 * class or one of its groups, the commands it sends to the room's tablets (open an activity,
 * « Regardez le tableau », « Tout récupérer »), and what the tablets tell back (where each
 * pupil is). Wire types only; the server validates with these schemas, the clients import
 * the types (`import type`).
 *
 * The channel is Server-Sent Events read with fetch() (docs/api.md « Live class »): the
 * commands only go server → tablet, the tablet's news goes by ordinary POSTs authenticated like
 * the sync. Nothing of the lesson depends on the channel: the same state is a plain GET.
 */
import { Type, type Static } from 'typebox';
import { Id, Instant } from './entities.ts';

/** What the teacher asked the room to open. */
export const LiveActivity = Type.Object({
  kind: Type.Union([Type.Literal('assignment'), Type.Literal('lesson')]),
  id: Id,
  /** Title as the teacher sees it (the tablet shows its own copy when it has one). */
  title: Type.String(),
  /** When it was pushed: the tablet asks once per push. */
  at: Instant,
});
export type LiveActivity = Static<typeof LiveActivity>;

/** A session as a tablet receives it: only what the room needs, nothing about other pupils. */
export const TabletLiveSession = Type.Object({
  id: Id,
  classId: Id,
  groupId: Type.Union([Id, Type.Null()]),
  teacherName: Type.String(),
  activity: Type.Union([LiveActivity, Type.Null()]),
  /** Since when « Regardez le tableau » is shown; null when lifted. */
  attentionSince: Type.Union([Instant, Type.Null()]),
  /** The last « Tout récupérer »: a tablet syncs once for each new value. */
  collectAt: Type.Union([Instant, Type.Null()]),
  version: Type.Integer(),
});
export type TabletLiveSession = Static<typeof TabletLiveSession>;

/** `GET /api/live/current`, and each `state` event of the stream: the live sessions of the signed-in pupil. */
export const TabletLiveState = Type.Object({ sessions: Type.Array(TabletLiveSession) });
export type TabletLiveState = Static<typeof TabletLiveState>;

/** Where the pupil is on the tablet (`POST /api/live/progress`). */
export const LiveProgressRequest = Type.Object({
  sessionId: Id,
  screen: Type.Union([Type.Literal('home'), Type.Literal('assignment'), Type.Literal('lesson'), Type.Literal('other')]),
  /** The assignment or lesson on screen. */
  itemId: Type.Union([Id, Type.Null()]),
  /** 1-based question on screen (an assignment), null elsewhere. */
  question: Type.Union([Type.Integer({ minimum: 1, maximum: 500 }), Type.Null()]),
  /** Answered questions / questions, of the session's assignment, as the tablet holds them. */
  answered: Type.Union([Type.Integer({ minimum: 0, maximum: 500 }), Type.Null()]),
  total: Type.Union([Type.Integer({ minimum: 0, maximum: 500 }), Type.Null()]),
  /** Items of this pupil waiting on the tablet to reach the server. */
  waiting: Type.Integer({ minimum: 0, maximum: 100_000 }),
});
export type LiveProgressRequest = Static<typeof LiveProgressRequest>;

export const StartLiveRequest = Type.Object({ classId: Id, groupId: Type.Optional(Type.Union([Id, Type.Null()])) });
export type StartLiveRequest = Static<typeof StartLiveRequest>;

/** Push an activity (or clear it with `kind: null`). */
export const LiveActivityRequest = Type.Union([
  Type.Object({ kind: Type.Union([Type.Literal('assignment'), Type.Literal('lesson')]), id: Id }),
  Type.Object({ kind: Type.Null() }),
]);
export type LiveActivityRequest = Static<typeof LiveActivityRequest>;

export const LiveAttentionRequest = Type.Object({ on: Type.Boolean() });
export type LiveAttentionRequest = Static<typeof LiveAttentionRequest>;

/** A session as the teacher's console sees it. */
export interface LiveSessionInfo {
  id: string;
  classId: string;
  className: string;
  groupId: string | null;
  groupName: string | null;
  teacherId: string;
  teacherName: string;
  startedAt: string;
  endedAt: string | null;
  activity: LiveActivity | null;
  attentionSince: string | null;
  collectAt: string | null;
  version: number;
}

/** Where a handed-in copy of the session's assignment stands on the server. */
export type LiveHandIn = 'none' | 'draft' | 'submitted' | 'returned';

/** One pupil of the room. */
export interface LivePupil {
  studentId: string;
  firstName: string;
  lastName: string;
  /** A tablet of theirs holds the live channel open now (or reported within the last minute). */
  online: boolean;
  deviceName: string | null;
  /** Last news over the channel (progress or connection). */
  lastSeenAt: string | null;
  screen: LiveProgressRequest['screen'] | null;
  /** The activity open on their screen is the one pushed. */
  onActivity: boolean;
  question: number | null;
  answered: number | null;
  total: number | null;
  /** The session's assignment on the server (what the sync brought). */
  handIn: LiveHandIn;
  handedInAt: string | null;
  /** Items waiting on their tablet: the live report when fresh, else the tablet's last sync report. */
  waiting: number | null;
}

/** One tablet of the room, for « Tout récupérer ». */
export interface LiveTablet {
  deviceId: string;
  name: string;
  online: boolean;
  /** When its last item (answer, hand-in) reached the server. */
  lastItemAt: string | null;
  /** Its last successful sync, and what it then reported waiting. */
  lastSyncAt: string | null;
  pendingCount: number | null;
  pendingBytes: number | null;
  /** It synced after the last « Tout récupérer ». */
  collected: boolean;
}

/** `GET /api/live/sessions/:id/room`. */
export interface LiveRoom {
  session: LiveSessionInfo;
  pupils: LivePupil[];
  tablets: LiveTablet[];
  /** The server's clock when this was read. */
  at: string;
}
