/**
 * Who is in the room, as this process heard it over the bus: per pupil, the tablet they are
 * on, whether it holds the live channel, and where they are (screen, question, answered,
 * waiting). Memory only — it is news, not data: a restart forgets it and the tablets' next
 * heartbeat (every HEARTBEAT_MS) tells it again. A pupil is online while their tablet's last
 * word says so and is younger than ONLINE_MS (a process that died cannot say goodbye).
 */
import type { PresenceEvent } from './live-bus.ts';

/** How often a connected tablet is announced again (also the SSE keep-alive). */
export const HEARTBEAT_MS = 20_000;
/** Silence after which a pupil reads offline: three missed heartbeats. */
export const ONLINE_MS = 3 * HEARTBEAT_MS;

export interface PupilPresence {
  classId: string;
  deviceId: string;
  deviceName: string;
  online: boolean;
  at: string;
  progress: PresenceEvent['progress'] | null;
}

export class LivePresence {
  private readonly byStudent = new Map<string, PupilPresence>();

  /** Applies an announcement; true when it changes what a room shows (a heartbeat of the same news does not). */
  apply(e: PresenceEvent, nowMs = Date.now()): boolean {
    const before = this.byStudent.get(e.studentId);
    const wasOnline = before ? this.isOnline(before, nowMs) : false;
    // A pupil who went offline on another tablet does not take the one they are on now offline.
    if (!e.online && before && before.deviceId !== e.deviceId) return false;
    const progress = e.progress ?? (before?.deviceId === e.deviceId ? before.progress : null);
    const next: PupilPresence = { classId: e.classId, deviceId: e.deviceId, deviceName: e.deviceName, online: e.online, at: e.at, progress };
    this.byStudent.set(e.studentId, next);
    return wasOnline !== this.isOnline(next, nowMs) || JSON.stringify(before?.progress ?? null) !== JSON.stringify(progress) || before?.deviceId !== e.deviceId;
  }

  get(studentId: string): PupilPresence | null {
    return this.byStudent.get(studentId) ?? null;
  }

  isOnline(p: PupilPresence, nowMs = Date.now()): boolean {
    return p.online && nowMs - Date.parse(p.at) < ONLINE_MS;
  }

  /** The classes of pupils whose silence just made them offline (the hub tells their rooms). */
  expire(nowMs = Date.now()): Set<string> {
    const gone = new Set<string>();
    for (const [id, p] of this.byStudent) {
      if (p.online && !this.isOnline(p, nowMs)) {
        p.online = false;
        gone.add(p.classId);
      }
      // A day-old entry is nobody's news any more.
      if (nowMs - Date.parse(p.at) > 24 * 3600_000) this.byStudent.delete(id);
    }
    return gone;
  }
}
