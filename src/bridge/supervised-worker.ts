/**
 * A worker that a page-side bridge (sync, media) starts and watches. A worker whose script did
 * not load — the hotspot cut that request on a first visit, before the offline copy exists
 * (found by test:faults) — answers nothing, ever: every call to it would wait forever, and the
 * tablet would not sync, or a photo would not be compressed, until the app was reloaded.
 * Such a worker (an `error` event before it ever answered: a worker that ran and then threw is
 * alive and kept) is terminated and replaced after `retryMs` — not at once, its script may fail
 * again — and `onReplaced` lets the bridge set the new one up (subscribers, the sync loop).
 * Calls made through `run` that were waiting on it are made again on the new one, once; if that
 * one fails too they reject with `WorkerUnavailableError`.
 */
import { wrap, type Remote } from 'comlink';

/** The worker's script could not be loaded (twice for a call made through `run`). */
export class WorkerUnavailableError extends Error {
  constructor() {
    super('The worker could not be started.');
    this.name = 'WorkerUnavailableError';
  }
}

interface Generation<T> {
  worker: Worker;
  remote: Remote<T>;
  /** Rejects when this worker is found dead. */
  dead: Promise<never>;
  /** Resolves once the worker that replaces it is there. */
  replaced: Promise<void>;
}

export interface SupervisedWorkerOptions<T> {
  retryMs: number;
  /** A new worker replaced a dead one: set it up as the first one was. */
  onReplaced?: (remote: Remote<T>) => void;
}

export class SupervisedWorker<T> {
  private current: Generation<T> | null = null;

  constructor(
    private readonly spawn: () => Worker,
    private readonly o: SupervisedWorkerOptions<T>,
  ) {}

  /** The worker's API, started if none runs. */
  get remote(): Remote<T> {
    return this.generation().remote;
  }

  /** Whether a worker runs (dead or alive). */
  get running(): boolean {
    return this.current !== null;
  }

  /** `call` on the worker; made again once on a new worker if this one turns out dead meanwhile. */
  async run<R>(call: (remote: Remote<T>) => Promise<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      const g = this.generation();
      try {
        return await Promise.race([call(g.remote), g.dead]);
      } catch (err) {
        if (!(err instanceof WorkerUnavailableError) || attempt > 0) throw err;
        await g.replaced;
      }
    }
  }

  /** Stops the worker now (the next call starts a new one). */
  stop(): void {
    this.current?.worker.terminate();
    this.current = null;
  }

  private generation(): Generation<T> {
    if (this.current) return this.current;
    const worker = this.spawn();
    let died!: (err: Error) => void;
    let replacedNow!: () => void;
    const g: Generation<T> = {
      worker,
      remote: wrap<T>(worker),
      dead: new Promise<never>((_, reject) => (died = reject)),
      replaced: new Promise<void>((resolve) => (replacedNow = resolve)),
    };
    g.dead.catch(() => undefined); // raced by `run` only
    let answered = false;
    worker.addEventListener('message', () => (answered = true), { once: true });
    worker.addEventListener('error', () => {
      if (answered || this.current !== g) return;
      worker.terminate();
      this.current = null;
      died(new WorkerUnavailableError());
      setTimeout(() => {
        // A bridge that sets its worker up gets the new one now; others start it at their next call.
        if (this.o.onReplaced) this.o.onReplaced(this.generation().remote);
        replacedNow();
      }, this.o.retryMs);
    });
    this.current = g;
    return g;
  }
}
