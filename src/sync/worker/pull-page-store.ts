/**
 * Stores the pages of one pull answer as they arrive, while the next ones are still on the way
 * (the server sends them as frames: sync-http.ts). SYNC.md's rule holds: each page is applied in
 * the transaction that stores its cursor, in order, one transaction at a time — so an answer cut
 * anywhere leaves the tablet at the last page stored, never between two. The pages that arrived
 * while one was being stored go together in the next transaction: a tablet that fell behind the
 * link catches up with fewer, bigger transactions. After a failure (the disk is full…) nothing
 * more is stored, and `done()` throws it.
 */
import type { PullResponse } from '../../protocol/sync.ts';

/** Consecutive pages as one: their changes in order, the last one's cursor (the first one's scopes). */
export function mergePages(pages: PullResponse[]): PullResponse {
  if (pages.length === 1) return pages[0]!;
  const last = pages[pages.length - 1]!;
  const scopes = pages.find((p) => p.scopes)?.scopes;
  return { changes: pages.flatMap((p) => p.changes), cursor: last.cursor, hasMore: last.hasMore, ...(scopes ? { scopes } : {}) };
}

export class PullPageStore {
  private waiting: PullResponse[] = [];
  private running: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;

  /** `store` writes one page (with its cursor) in one transaction; `onFailure`: the rest of the answer is not wanted. */
  constructor(
    private readonly store: (page: PullResponse) => Promise<void>,
    private readonly onFailure: () => void,
  ) {}

  /** A page that arrived whole. */
  add(page: PullResponse): void {
    if (this.failure) return;
    this.waiting.push(page);
    this.running ??= this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length) await this.store(mergePages(this.waiting.splice(0)));
    } catch (error) {
      this.failure = { error };
      this.waiting = [];
      this.onFailure();
    } finally {
      this.running = null;
    }
  }

  /** Resolves once every page added is stored; throws what made storing stop. */
  async done(): Promise<void> {
    while (this.running) await this.running;
    if (this.failure) throw this.failure.error;
  }
}
