/**
 * Group commit of the tablets' sync reports (pending work, storage, app version) and "synced
 * now" marks. Every sync used to write its tablet's row in a transaction of its own: on SQLite
 * (synchronous=FULL) one disk sync per pull, which made a pull carrying a report cost three
 * times a plain one. Now the reports that arrive while a batch is being written wait together
 * and go to the database in the next transaction, all at once (one disk sync for all of them):
 * - the promise of each call resolves when ITS report is committed, so the pull is answered
 *   after its report is stored, as before (kill -9 after an answer loses nothing answered, and
 *   the console reads what the tablet just said);
 * - when no batch is being written, a report waits one turn of the event loop (the requests
 *   already read in that turn join it), never a timer;
 * - within a batch, a tablet's latest report wins; a report also stands for "synced now";
 * - rows are written in the order of their ids: two server processes writing batches that
 *   share tablets (PostgreSQL) take their row locks in one order and cannot deadlock (they
 *   did, one in 40 pushes at two processes: bench:server); should the database still pick the
 *   batch as a deadlock's victim, the batch is written again (its writes are idempotent).
 */
import type { Database } from '../store/repositories.ts';
import type { DeviceReport } from '../../src/protocol/sync.ts';

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction may simply be run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 4;
const isRetryable = (err: unknown) => RETRYABLE.has(String((err as { code?: unknown } | null)?.code ?? ''));

type Entry = { kind: 'report'; appVersion: string; report: DeviceReport; at: string } | { kind: 'synced'; at: string };

export class DeviceReportBatch {
  private next: Map<string, Entry> | null = null;
  private nextDone: Promise<void> | null = null;
  private writing: Promise<void> | null = null;
  /** Transactions written so far (tests, the bench). */
  batches = 0;
  /** Batches written again after the database chose them as a deadlock's victim. */
  retries = 0;

  constructor(private readonly db: Database) {}

  /** Stores the tablet's report (and a successful sync at `at`); resolves once committed. */
  report(deviceId: string, appVersion: string, report: DeviceReport, at: string): Promise<void> {
    return this.add(deviceId, { kind: 'report', appVersion, report, at });
  }

  /** Marks a successful sync of the tablet (to the half-minute, as DeviceRepository.markSynced does). */
  synced(deviceId: string, at: string): Promise<void> {
    return this.add(deviceId, { kind: 'synced', at });
  }

  private add(deviceId: string, e: Entry): Promise<void> {
    if (!this.next) {
      this.next = new Map();
      this.nextDone = this.writeNext();
    }
    const prev = this.next.get(deviceId);
    if (!(e.kind === 'synced' && prev?.kind === 'report')) this.next.set(deviceId, e);
    return this.nextDone!;
  }

  private async writeNext(): Promise<void> {
    // Collect while the previous batch is on the disk, or for one turn of the event loop.
    await (this.writing ? this.writing.catch(() => undefined) : new Promise((resolve) => setImmediate(resolve)));
    const batch = this.next!;
    this.next = null;
    this.nextDone = null;
    const entries = [...batch].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    const write = () => this.db.write(async (tx) => {
      for (const [id, e] of entries) {
        if (e.kind === 'report') await tx.devices.report(id, e.appVersion, e.report, e.at);
        else await tx.devices.markSynced(id, e.at);
      }
    });
    const writing = (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await write();
        } catch (err) {
          if (attempt >= ATTEMPTS || !isRetryable(err)) throw err;
          this.retries++;
        }
      }
    })();
    this.writing = writing;
    this.batches++;
    try {
      await writing;
    } finally {
      if (this.writing === writing) this.writing = null;
    }
  }
}
