/**
 * This process's live connections (Server-Sent Events) and what they are told:
 * - a tablet stream hears `state` (its pupil's running sessions) at connection and after
 *   every command on a session of its pupil's class; the hub reads the class's sessions once
 *   per announcement, then filters them per pupil (class-wide, or a group of theirs);
 * - a console stream hears `room` (« read the room again ») when a pupil of its session moved,
 *   came or went, at most every ROOM_PING_MS, and `session` after a command.
 * Every HEARTBEAT_MS each tablet is announced again (presence), each stream gets a comment
 * line (proxies keep it open), and each stream's credentials are checked again: a session
 * signed out, a tablet withdrawn, ends its stream within a heartbeat.
 */
import type { LiveBus, LiveEvent, PresenceEvent } from './live-bus.ts';
import { HEARTBEAT_MS } from './live-presence.ts';
import type { LiveService } from './live-service.ts';
import type { TabletLiveSession } from '../../src/protocol/live.ts';
import { now } from '../ids.ts';

/** A console refreshes its room at most this often (30 pupils moving at once are one refresh). */
export const ROOM_PING_MS = 400;

/** Where a stream writes (an SSE response; a test's collector). */
export interface LiveSink {
  /** Sends one event; false when the connection is gone. */
  send(event: string, data: unknown): boolean;
  /** A comment line (keep-alive). */
  ping(): boolean;
  close(): void;
}

interface TabletConnection {
  kind: 'tablet';
  sink: LiveSink;
  studentId: string;
  classId: string;
  groupIds: Set<string>;
  deviceId: string;
  deviceName: string;
  /** Still allowed? (the credentials checked again at each heartbeat) */
  stillValid: () => Promise<boolean>;
}

interface ConsoleConnection {
  kind: 'console';
  sink: LiveSink;
  sessionId: string;
  classId: string;
  stillValid: () => Promise<boolean>;
  pingTimer: NodeJS.Timeout | null;
}

export class LiveHub {
  private readonly tablets = new Set<TabletConnection>();
  private readonly consoles = new Set<ConsoleConnection>();
  private readonly timer: NodeJS.Timeout;
  private readonly off: (() => void)[] = [];
  private closed = false;

  constructor(private readonly service: LiveService, private readonly bus: LiveBus = service.bus, heartbeatMs = HEARTBEAT_MS) {
    this.off.push(bus.subscribe((e) => void this.onEvent(e)));
    this.off.push(bus.onResync(() => void this.resendAll()));
    this.timer = setInterval(() => void this.heartbeat(), heartbeatMs);
    this.timer.unref();
  }

  /** Open tablet and console streams on this process. */
  get size() {
    return { tablets: this.tablets.size, consoles: this.consoles.size };
  }

  /** A pupil's tablet joins: it gets its state now, and is announced online. */
  async addTablet(c: Omit<TabletConnection, 'kind'>): Promise<() => void> {
    const conn: TabletConnection = { kind: 'tablet', ...c };
    this.tablets.add(conn);
    const sessions = await this.service.tabletSessionsOfClass(c.classId);
    conn.sink.send('state', { sessions: this.visibleTo(conn, sessions) });
    await this.announce(conn, true);
    return () => this.removeTablet(conn);
  }

  /** A teacher's console watches a session's room. */
  addConsole(c: { sink: LiveSink; sessionId: string; classId: string; stillValid: () => Promise<boolean> }): () => void {
    const conn: ConsoleConnection = { kind: 'console', pingTimer: null, ...c };
    this.consoles.add(conn);
    conn.sink.send('room', {});
    return () => this.removeConsole(conn);
  }

  /** Ends every stream (the server stops; the e2e « the channel drops »). */
  dropAll() {
    for (const t of [...this.tablets]) this.removeTablet(t, true);
    for (const c of [...this.consoles]) this.removeConsole(c, true);
  }

  close() {
    this.closed = true;
    clearInterval(this.timer);
    for (const off of this.off) off();
    this.dropAll();
  }

  private removeTablet(conn: TabletConnection, closeSink = false) {
    if (!this.tablets.delete(conn)) return;
    if (closeSink) conn.sink.close();
    // Another stream of the same pupil on the same tablet (a second tab) keeps them online.
    const still = [...this.tablets].some((t) => t.studentId === conn.studentId && t.deviceId === conn.deviceId);
    if (!still && !this.closed) void this.announce(conn, false);
  }

  private removeConsole(conn: ConsoleConnection, closeSink = false) {
    if (!this.consoles.delete(conn)) return;
    if (conn.pingTimer) clearTimeout(conn.pingTimer);
    if (closeSink) conn.sink.close();
  }

  private announce(conn: TabletConnection, online: boolean): Promise<void> {
    const e: PresenceEvent = { type: 'presence', studentId: conn.studentId, classId: conn.classId, deviceId: conn.deviceId, deviceName: conn.deviceName, online, at: now() };
    return this.bus.publish(e).catch(() => undefined); // a lost announcement heals at the next heartbeat
  }

  private visibleTo(conn: TabletConnection, sessions: TabletLiveSession[]) {
    return sessions.filter((s) => s.classId === conn.classId && (!s.groupId || conn.groupIds.has(s.groupId)));
  }

  private async onEvent(e: LiveEvent) {
    if (e.type === 'presence') {
      if (this.service.presence.apply(e)) this.pingRooms(e.classId);
      return;
    }
    const listeners = [...this.tablets].filter((t) => t.classId === e.classId);
    if (listeners.length) {
      const sessions = await this.service.tabletSessionsOfClass(e.classId);
      for (const t of listeners) if (!t.sink.send('state', { sessions: this.visibleTo(t, sessions) })) this.removeTablet(t);
    }
    for (const c of this.consoles) if (c.sessionId === e.sessionId) c.sink.send('session', {});
    this.pingRooms(e.classId);
  }

  private pingRooms(classId: string) {
    for (const c of this.consoles) {
      if (c.classId !== classId || c.pingTimer) continue;
      c.pingTimer = setTimeout(() => {
        c.pingTimer = null;
        if (!c.sink.send('room', {})) this.removeConsole(c);
      }, ROOM_PING_MS);
      c.pingTimer.unref();
    }
  }

  private async resendAll() {
    const byClass = new Map<string, TabletLiveSession[]>();
    for (const t of [...this.tablets]) {
      if (!byClass.has(t.classId)) byClass.set(t.classId, await this.service.tabletSessionsOfClass(t.classId));
      t.sink.send('state', { sessions: this.visibleTo(t, byClass.get(t.classId)!) });
    }
    for (const c of this.consoles) c.sink.send('room', {});
  }

  private async heartbeat() {
    for (const classId of this.service.presence.expire()) this.pingRooms(classId);
    for (const t of [...this.tablets]) {
      if (!t.sink.ping() || !(await t.stillValid().catch(() => true))) this.removeTablet(t, true);
      else await this.announce(t, true);
    }
    for (const c of [...this.consoles]) if (!c.sink.ping() || !(await c.stillValid().catch(() => true))) this.removeConsole(c, true);
  }
}
