/**
 * The repository of software updates (issue 16): builds, who runs what, the school's update
 * policy and each tablet's app status. Rules live in server/updates/update-service.ts.
 */
import type { UpdateWindow } from '../../src/protocol/update-window.ts';

export interface BuildRecord {
  id: string;
  number: number;
  version: string;
  releaseNote: string;
  /** SHA-256 of the build's content: its folder under DATA_DIR/builds. */
  files: string;
  rollbackOf: string | null;
  registeredAt: string;
  registeredBy: string | null;
}

export type RolloutScope = 'school' | 'class' | 'device';

export interface RolloutRecord {
  schoolId: string;
  scope: RolloutScope;
  /** The school, class or device id. */
  targetId: string;
  buildId: string;
  pinned: boolean;
  assignedAt: string;
  assignedBy: string | null;
}

export interface UpdateSettingsRecord {
  schoolId: string;
  minimumVersion: string | null;
  window: UpdateWindow;
  haltedAt: string | null;
  updatedAt: string;
}

export interface DeviceAppStatusRecord {
  deviceId: string;
  servedBuildId: string | null;
  servedAt: string | null;
  runningVersion: string | null;
  runningBuildId: string | null;
  failedStarts: number;
  appErrors: number;
  lastError: string | null;
  reportedAt: string | null;
}

export interface UpdateRepository {
  /**
   * Held until the transaction ends: registering a build reads (is this content known? the
   * next n°) then inserts, so two processes starting at once must do it one after the other.
   * PostgreSQL: an advisory lock; SQLite: nothing to do (a write is BEGIN IMMEDIATE: the
   * database's one write lock is taken before the first read, across processes too).
   */
  lockBuilds(): Promise<void>;
  insertBuild(b: BuildRecord): Promise<void>;
  buildById(id: string): Promise<BuildRecord | null>;
  /** Newest first (highest number). */
  listBuilds(): Promise<BuildRecord[]>;
  /** The next n° (1 for the first build). */
  nextBuildNumber(): Promise<number>;
  /** Sets (or replaces) one assignment. */
  setRollout(r: RolloutRecord): Promise<void>;
  removeRollout(schoolId: string, scope: RolloutScope, targetId: string): Promise<void>;
  /** Removes the school's class and device assignments that are not pinned; returns how many. */
  removeUnpinnedRollouts(schoolId: string): Promise<number>;
  listRollouts(schoolId: string): Promise<RolloutRecord[]>;
  settings(schoolId: string): Promise<UpdateSettingsRecord | null>;
  saveSettings(s: UpdateSettingsRecord): Promise<void>;
  status(deviceId: string): Promise<DeviceAppStatusRecord | null>;
  /** The app status of every device of the school that has one. */
  listStatus(schoolId: string): Promise<DeviceAppStatusRecord[]>;
  /** The device's service worker (or shell) was served this build. */
  recordServed(deviceId: string, buildId: string, at: string): Promise<void>;
  /** What the page reports running (counters are totals since that version started). */
  recordReport(deviceId: string, r: { runningVersion: string; runningBuildId: string | null; failedStarts: number; appErrors: number; lastError: string | null }, at: string): Promise<void>;
}
