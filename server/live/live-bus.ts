/**
 * How the live class's news travels between server processes. A session's command (push,
 * attention, collect, end) is written to its row first, then announced; a tablet's presence
 * and progress are announced only (they are memory, not data). Each process applies every
 * announcement to its own connections (live-hub.ts).
 *
 * - SQLite: one process, so an in-process bus (this file).
 * - PostgreSQL: several processes share the database, so LISTEN/NOTIFY on one channel
 *   (server/cluster/pg-live-bus.ts); a process that missed announcements (its listening
 *   connection broke) re-sends every tablet its state when it listens again.
 */

/** A tablet's news about its pupil (presence, and where they are when `progress` is set). */
export interface PresenceEvent {
  type: 'presence';
  studentId: string;
  classId: string;
  deviceId: string;
  deviceName: string;
  online: boolean;
  at: string;
  progress?: {
    sessionId: string;
    screen: 'home' | 'assignment' | 'lesson' | 'other';
    itemId: string | null;
    question: number | null;
    answered: number | null;
    total: number | null;
    waiting: number;
  };
}

/** A session's row changed: every process re-reads it and tells its tablets and consoles. */
export interface SessionEvent {
  type: 'session';
  sessionId: string;
  classId: string;
}

export type LiveEvent = PresenceEvent | SessionEvent;

export interface LiveBus {
  kind: 'in-process' | 'postgres';
  publish(event: LiveEvent): Promise<void>;
  /** Every event, this process's own included; returns an unsubscribe. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
  /** Called when announcements may have been missed (PostgreSQL: the listening connection came back). */
  onResync(listener: () => void): () => void;
  close(): Promise<void>;
}

/** One process: events go straight to the listeners (after the current task, as over the network). */
export function inProcessLiveBus(): LiveBus {
  const listeners = new Set<(event: LiveEvent) => void>();
  return {
    kind: 'in-process',
    async publish(event) {
      queueMicrotask(() => {
        for (const l of listeners) l(event);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onResync: () => () => undefined,
    close: async () => listeners.clear(),
  };
}
