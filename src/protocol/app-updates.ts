/**
 * Software updates piloted by the school server (issue 16; docs/updates.md): the tablet's
 * check-in (what it runs, the errors it counted; the answer is its update policy) and the IT
 * referent's « Mises à jour » screen (builds, who runs what, the window, the minimum version,
 * halt). The server validates with these schemas; the tablet and the console import types.
 */
import { Type, type Static } from 'typebox';
import { Id, Instant } from './entities.ts';
import { MAX_HOLIDAYS } from './update-window.ts';

const Version = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z.+-]+$' });
const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const IsoDay = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });

export const UpdateWindowSchema = Type.Object({
  lessonsFrom: HHMM,
  lessonsUntil: HHMM,
  schoolDays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7 }),
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  /** School holidays, first and last day included ("YYYY-MM-DD"): any hour is fine then. */
  holidays: Type.Optional(Type.Array(Type.Object({ from: IsoDay, until: IsoDay }), { maxItems: MAX_HOLIDAYS })),
});

/** POST /api/device/app-status (X-Cartable-Device): sent at start and at each update check. */
export const AppStatusReport = Type.Object({
  /** The app version this page runs. */
  version: Version,
  /** The build its service worker was served (null before the first one controls the page). */
  buildId: Type.Union([Id, Type.Null()]),
  /** Starts of this version that never showed their first screen. */
  failedStarts: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  /** Uncaught errors and unhandled rejections since this version started. */
  uncaughtErrors: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  /** The last one, short (no pupil text: the message and where). */
  lastError: Type.Union([Type.String({ maxLength: 300 }), Type.Null()]),
});
export type AppStatusReport = Static<typeof AppStatusReport>;

/** The answer: what the tablet should run and when it may apply an update. */
export const AppUpdatePolicy = Type.Object({
  /** The server pilots this school's updates (a build is assigned): apply in the window. */
  managed: Type.Boolean(),
  /** The build this tablet is meant to run. */
  buildId: Type.Union([Id, Type.Null()]),
  /** Older versions show « Mise à jour nécessaire » (their work still syncs). */
  minimumVersion: Type.Union([Version, Type.Null()]),
  window: UpdateWindowSchema,
  /** A halted rollout: keep what runs, apply nothing. */
  halted: Type.Boolean(),
});
export type AppUpdatePolicy = Static<typeof AppUpdatePolicy>;

export const BuildInfo = Type.Object({
  id: Id,
  /** n° shown to people (1, 2, 3…): a rollback gets a new one. */
  number: Type.Integer(),
  version: Type.String(),
  releaseNote: Type.String(),
  registeredAt: Instant,
  /** The n° of the build this one serves again (a rollback), else null. */
  rollbackOf: Type.Union([Type.Integer(), Type.Null()]),
  /** Tablets reporting they run it. */
  running: Type.Integer(),
  failedStarts: Type.Integer(),
  uncaughtErrors: Type.Integer(),
});
export type BuildInfo = Static<typeof BuildInfo>;

export const ClassRollout = Type.Object({
  classId: Id,
  name: Type.String(),
  /** The class's own build (null: as the school). */
  buildId: Type.Union([Id, Type.Null()]),
  pinned: Type.Boolean(),
  /** What its tablets are meant to run. */
  targetBuildId: Type.Union([Id, Type.Null()]),
  tablets: Type.Integer(),
  /** Tablets running their target build. */
  upToDate: Type.Integer(),
});
export type ClassRollout = Static<typeof ClassRollout>;

export const DeviceRollout = Type.Object({
  deviceId: Id,
  name: Type.String(),
  classId: Type.Union([Id, Type.Null()]),
  /** The tablet's own build (null: as its class). */
  buildId: Type.Union([Id, Type.Null()]),
  /** The build the rollout plans for it (its own, its class's or the school's), halted or not. */
  targetBuildId: Type.Union([Id, Type.Null()]),
  /** The build its service worker last downloaded. */
  servedBuildId: Type.Union([Id, Type.Null()]),
  runningVersion: Type.Union([Type.String(), Type.Null()]),
  runningBuildId: Type.Union([Id, Type.Null()]),
  failedStarts: Type.Integer(),
  uncaughtErrors: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  reportedAt: Type.Union([Instant, Type.Null()]),
  belowMinimum: Type.Boolean(),
});
export type DeviceRollout = Static<typeof DeviceRollout>;

export const UpdateSettings = Type.Object({
  minimumVersion: Type.Union([Version, Type.Null()]),
  window: UpdateWindowSchema,
});
export type UpdateSettings = Static<typeof UpdateSettings>;

/** GET /api/updates: the « Mises à jour » screen. */
export const UpdatesOverview = Type.Object({
  builds: Type.Array(BuildInfo),
  schoolBuildId: Type.Union([Id, Type.Null()]),
  classes: Type.Array(ClassRollout),
  devices: Type.Array(DeviceRollout),
  settings: UpdateSettings,
  haltedAt: Type.Union([Instant, Type.Null()]),
  /** Active tablets, and those running their target build. */
  progress: Type.Object({ tablets: Type.Integer(), upToDate: Type.Integer() }),
});
export type UpdatesOverview = Static<typeof UpdatesOverview>;

/** PUT /api/updates/rollout: who runs which build (null build: follow the level above). */
export const RolloutRequest = Type.Object({
  scope: Type.Union([Type.Literal('school'), Type.Literal('class'), Type.Literal('device')]),
  /** The class or tablet (absent for the school). */
  targetId: Type.Optional(Id),
  buildId: Type.Union([Id, Type.Null()]),
  /** A pinned class or tablet keeps its build when the school moves on. */
  pinned: Type.Optional(Type.Boolean()),
});
export type RolloutRequest = Static<typeof RolloutRequest>;

/** POST /api/updates/builds/:id/rollback: serve that build again, as a new one (new id and n°). */
export const RollbackRequest = Type.Object({
  scope: Type.Optional(Type.Union([Type.Literal('school'), Type.Literal('class'), Type.Literal('device')])),
  targetId: Type.Optional(Id),
});
export type RollbackRequest = Static<typeof RollbackRequest>;
