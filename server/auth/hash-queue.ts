/**
 * Password and secret hashing has its own queue. scrypt runs on libuv's thread pool (4
 * threads by default), which compression, file reads and DNS also need: 200 sign-ins at
 * once used to fill it and stall every sync pull behind them (a no-change pull went from
 * 38 ms to 10.9 s). At most HASH_CONCURRENCY hashes run at once — half the cores, at least
 * one, never the whole pool — and the rest wait here, in order. The wait list is bounded:
 * past it, a sign-in is refused at once (429 `sign_in_busy`) instead of queueing for minutes.
 */
import { availableParallelism } from 'node:os';

/** Threads of libuv's pool (UV_THREADPOOL_SIZE, default 4). */
const POOL = Number(process.env.UV_THREADPOOL_SIZE) || 4;

export const HASH_CONCURRENCY = Math.max(1, Math.min(POOL - 2, Math.floor(availableParallelism() / 2)));
/** ~500 hashes wait at most a minute or so on a modest server (N=2^15 ≈ 60–120 ms each). */
export const HASH_QUEUE_MAX_WAITING = 500;

export class HashQueueFullError extends Error {
  constructor() {
    super('Too many sign-ins at once: try again in a moment.');
  }
}

export class HashQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    /** Writable for the sign-in bench (which compares against an unbounded queue). */
    public concurrency = HASH_CONCURRENCY,
    readonly maxWaiting = HASH_QUEUE_MAX_WAITING,
  ) {}

  /** Hashes in progress and waiting (for tests and the bench). */
  get size() {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `task` when a slot is free; throws HashQueueFullError when too many already wait. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new HashQueueFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next task (running stays the same), else it is freed.
      if (next) next();
      else this.running--;
    }
  }
}

/** The process's one hashing queue. */
export const hashQueue = new HashQueue();
