/**
 * PostgreSQL behind the `Database` interface (DATABASE_URL=postgres://…), over a `pg.Pool`:
 * a transaction is one pooled connection, BEGIN … COMMIT (or ROLLBACK), savepoints inside.
 *
 * Isolation. `read` is REPEATABLE READ READ ONLY: one snapshot for the whole transaction, as
 * the interface promises (a pull's page, its entities and the log head agree). `write` is
 * READ COMMITTED, and the rules that read then write take a lock before they read — the
 * mutation id (exactly once), the submission (revision numbers, state), the failure count
 * (lock-outs), the change-log head (gap-free seqs, see sync-repositories.ts): the second writer
 * waits, then its read sees what the first committed. REPEATABLE READ or SERIALIZABLE writes
 * would instead fail that second writer with a serialization error, and a service's closure
 * cannot simply be re-run (it may have answered the first attempt's results to its caller's
 * variables), so a retry loop would be one more thing to get right for every service.
 */
import { PgUpdateRepository } from './update-repositories.ts';
import { PgAuditRepository } from './audit-repositories.ts';
import { PgLiveSessionRepository } from './live-repositories.ts';
import { PgPaperPackRepository, PgPaperPageRepository } from './paper-repositories.ts';
import { PgFeedbackAudioRepository, PgReminderRepository, PgWorkFollowUpRepository } from './follow-up-repositories.ts';
import pg, { type PoolClient } from 'pg';
import type { Database, Repositories, Tx } from '../repositories.ts';
import { fail } from '../../domain/domain-error.ts';
import { PgSession } from './pg-session.ts';
import { migratePostgres } from './migrate.ts';
import { PgSchoolRepository, PgUserRepository } from './school-repositories.ts';
import { PgClassRepository, PgGroupRepository, PgStudentRepository } from './roster-repositories.ts';
import { PgDeviceRepository, PgEnrolmentCodeRepository, PgLoginFailureRepository, PgSessionRepository } from './device-repositories.ts';
import { PgAssignmentRepository, PgLessonMediaRepository, PgLessonRepository } from './content-repositories.ts';
import { PgAttachmentRepository, PgBlobCatalogRepository, PgFeedbackRepository, PgRevisionRepository, PgSubmissionRepository } from './work-repositories.ts';
import { PgAnnotationRepository } from './annotation-repositories.ts';
import { PgChangeLogRepository, PgMutationLogRepository } from './sync-repositories.ts';

/** BIGINT (and COUNT(*)) arrive as text: a number, as SQLite returns it (every stored value came from a JS number). */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`integer out of JavaScript's safe range: ${text}`);
  return n;
}
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, parseInt8);

export interface PostgresOptions {
  /** Connections in the pool (each transaction holds one). */
  max?: number;
  migrateUpTo?: number;
}

export function postgresRepositories(db: PgSession, changes: PgChangeLogRepository): Repositories {
  return {
    schools: new PgSchoolRepository(db),
    users: new PgUserRepository(db),
    classes: new PgClassRepository(db),
    students: new PgStudentRepository(db),
    groups: new PgGroupRepository(db),
    devices: new PgDeviceRepository(db),
    enrolmentCodes: new PgEnrolmentCodeRepository(db),
    sessions: new PgSessionRepository(db),
    loginFailures: new PgLoginFailureRepository(db),
    lessons: new PgLessonRepository(db),
    assignments: new PgAssignmentRepository(db),
    lessonMedia: new PgLessonMediaRepository(db),
    blobCatalog: new PgBlobCatalogRepository(db),
    attachments: new PgAttachmentRepository(db),
    submissions: new PgSubmissionRepository(db),
    revisions: new PgRevisionRepository(db),
    feedback: new PgFeedbackRepository(db),
    annotations: new PgAnnotationRepository(db),
    changes,
    mutations: new PgMutationLogRepository(db),
    audit: new PgAuditRepository(db),
    live: new PgLiveSessionRepository(db),
    paperPacks: new PgPaperPackRepository(db),
    paperPages: new PgPaperPageRepository(db),
    followUps: new PgWorkFollowUpRepository(db),
    reminders: new PgReminderRepository(db),
    feedbackAudio: new PgFeedbackAudioRepository(db),
    updates: new PgUpdateRepository(db),
  };
}

export class PostgresDatabase implements Database {
  private constructor(readonly pool: pg.Pool) {}

  /** Connects to `url` and brings its schema up to date. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresDatabase> {
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
    // An idle connection that dies (server restart) must not crash the process: the pool drops it.
    pool.on('error', () => undefined);
    try {
      await migratePostgres(pool, undefined, options.migrateUpTo);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return new PostgresDatabase(pool);
  }

  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.run('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', false, fn);
  }

  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.run('BEGIN ISOLATION LEVEL READ COMMITTED', true, fn);
  }

  private async run<T>(begin: string, writing: boolean, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A connection whose state is unknown (BEGIN or ROLLBACK failed) is closed, not reused.
    let broken = true;
    try {
      // A read begins now (one snapshot); a write with its first statement that needs it (pg-session.ts).
      if (!writing) await client.query(begin);
      broken = false;
      const session = new PgSession(client, writing, writing ? begin : null);
      const changes = new PgChangeLogRepository(session);
      let savepoints = 0;
      const tx: Tx = {
        ...postgresRepositories(session, changes),
        savepoint: async (inner) => {
          await session.ensureBegun();
          return savepoint(client, changes, `sp${++savepoints}`, inner);
        },
      };
      try {
        const result = await fn(tx);
        await changes.flush();
        if (session.inTransaction) await client.query('COMMIT');
        return result;
      } catch (err) {
        if (session.broken) broken = true;
        else if (session.inTransaction) {
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
        }
        throw err;
      }
    } finally {
      client.release(broken);
    }
  }

  /** Not here: PostgreSQL is backed up with its own tools (pg_dump; README). */
  async backup(): Promise<void> {
    throw fail('backup_use_pg_dump');
  }

  /** Not here either: pg_restore (README). */
  async replaceWith(): Promise<{ previousKeptAs: string }> {
    throw fail('backup_use_pg_dump');
  }

  async close() {
    await this.pool.end();
  }
}

async function savepoint<T>(client: PoolClient, changes: PgChangeLogRepository, name: string, fn: () => Promise<T>): Promise<T> {
  await client.query(`SAVEPOINT ${name}`);
  const mark = changes.mark();
  try {
    const result = await fn();
    await client.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (err) {
    await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
    await client.query(`RELEASE SAVEPOINT ${name}`);
    changes.rewind(mark);
    throw err;
  }
}
