/**
 * What the sync routes need from storage: apply pushed mutations exactly once, record the
 * tablet's report, and read a student's change log by cursor. Each method is atomic (see
 * store.ts); the SQLite implementation is sqlite/sqlite-sync-store.ts.
 */
import type { DeviceReport, Mutation, PullResponse, PushResult } from '../../src/protocol/sync.ts';

/** Who pushes: always taken from the verified session, never from the request body. */
export interface SyncActor {
  studentId: string;
  schoolId: string;
  deviceId: string;
}

export interface SyncStore {
  /**
   * Applies the mutations in seq order, each atomically with its change-log rows and its
   * mutation-log row. If one fails unexpectedly the ones before it are kept and the call throws.
   */
  push(actor: SyncActor, mutations: Mutation[], at: string): Promise<PushResult[]>;
  /** Writes the tablet's report to its devices row (shown in the console), and last_sync_at. */
  reportDevice(deviceId: string, appVersion: string, report: DeviceReport, at: string): Promise<void>;
  /** A page of the student's changes after `cursor` ('' = from scratch), or 'expired' (HTTP 410). */
  pull(studentId: string, cursor: string, limit: number): Promise<PullResponse | 'expired'>;
  /** The same page as JSON text (what the route sends: assembled without re-serializing). */
  pullJson(studentId: string, cursor: string, limit: number): Promise<string | 'expired'>;
  /** Marks a successful sync of the device (a pull answered); to the half-minute. */
  markSynced(deviceId: string, at: string): Promise<void>;
  /** Deletes tombstones with seq < `belowSeq` and raises the watermark: older cursors get 410. */
  purgeTombstones(belowSeq: number): Promise<number>;
  /**
   * Purges the tombstones recorded before `cutoff` (ISO instant): the watermark becomes the
   * first seq at or after it, so only a tablet whose cursor is older than that resyncs (410).
   */
  purgeTombstonesBefore(cutoff: string): Promise<{ removed: number; watermark: number | null }>;
}
