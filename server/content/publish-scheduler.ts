/**
 * The publish scheduler: publishes scheduled assignments when their time comes (issue 13).
 *
 * Why a job and not a visibility rule: the sync hands a tablet what changed after its cursor
 * (SYNC.md). An assignment that turned visible because the clock passed its `publishAt`, with
 * no write, would have no change-log entry after a cursor that already passed its creation:
 * the tablets that synced just before would never get it. So at the scheduled time the server
 * performs the real publish (ContentService.publishDueAssignments: status, change-log put and
 * audit in one transaction).
 *
 * When: on the leader only (server/cluster/leadership.ts) — at once when it takes the lead
 * (so anything due while the server was down, or while another leader died, is published at
 * start-up), then at the next scheduled instant, and at least every `pollMs` (a schedule set
 * through another process does not poke this one). A schedule set through this process pokes
 * it (ContentService.onScheduleChange), so a lone server publishes on the second. Several
 * processes running it at once are harmless: each row is published by one conditional update.
 */
import type { ContentService } from './content-service.ts';
import type { Leadership } from '../cluster/leadership.ts';

/** The clock and timers the scheduler uses (tests pass fakes). */
export interface SchedulerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface PublishSchedulerOptions {
  /** The longest wait between two looks at the schedule (default 60 s: how late a schedule set through another process may be). */
  pollMs?: number;
  clock?: SchedulerClock;
  log?: (line: string) => void;
}

/** setTimeout's ceiling (about 24.8 days); longer waits wake up early and look again. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class PublishScheduler {
  private timer: unknown = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly clock: SchedulerClock;
  private readonly pollMs: number;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly content: ContentService, private readonly leadership: Leadership, private readonly options: PublishSchedulerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.pollMs = options.pollMs ?? 60_000;
  }

  /** Starts following the leadership and the schedule; returns a stop function. */
  start(): () => Promise<void> {
    this.unsubscribe.push(this.leadership.onChange((leader) => (leader ? this.poke() : this.disarm())));
    this.unsubscribe.push(this.content.onScheduleChange(() => this.poke()));
    return () => this.stop();
  }

  /** Publishes what is due now and re-arms (coalesces calls made while a run is going on). */
  poke(): void {
    if (this.stopped || !this.leadership.isLeader()) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    });
  }

  /** The run in progress, if any (tests wait for it). */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async run() {
    this.disarm();
    let next: string | null = null;
    try {
      const published = await this.content.publishDueAssignments(new Date(this.clock.now()).toISOString());
      if (published.length > 0) this.options.log?.(`Scheduled publishing: published ${published.length} assignment(s).`);
      next = await this.content.nextScheduledPublication();
    } catch (err) {
      this.options.log?.(`Scheduled publishing failed (will retry): ${String(err)}`);
    }
    if (this.stopped || !this.leadership.isLeader()) return;
    const untilNext = next === null ? Infinity : Math.max(0, Date.parse(next) - this.clock.now());
    this.timer = this.clock.setTimeout(() => this.poke(), Math.min(untilNext, this.pollMs, MAX_TIMER_MS));
  }

  private disarm() {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private async stop() {
    this.stopped = true;
    for (const u of this.unsubscribe.splice(0)) u();
    this.disarm();
    await this.running;
  }
}
