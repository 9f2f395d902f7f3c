/**
 * The embedded default database: one SQLite file (WAL, synchronous=FULL: every answered
 * write survives kill -9) behind the `Database` interface. better-sqlite3 is synchronous and
 * has one connection, so transactions are serialised here by a promise queue: a service's
 * `write(fn)` runs BEGIN IMMEDIATE … COMMIT with nobody else's statements in between, even
 * though `fn` is async (the repositories answer at once; nothing inside awaits real I/O).
 */
import { SqliteUpdateRepository } from './update-repositories.ts';
import type { Database, Repositories, Tx } from '../repositories.ts';
import { copyFileSync, closeSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { openDatabase, type Db } from './database.ts';
import { makeFilePrivate } from '../../data-dir.ts';
import { SqliteSchoolRepository, SqliteUserRepository } from './school-repositories.ts';
import { SqliteClassRepository, SqliteGroupRepository, SqliteStudentRepository } from './roster-repositories.ts';
import { SqliteDeviceRepository, SqliteEnrolmentCodeRepository, SqliteLoginFailureRepository, SqliteSessionRepository } from './device-repositories.ts';
import { SqliteAssignmentRepository, SqliteLessonMediaRepository, SqliteLessonRepository } from './content-repositories.ts';
import { SqliteAttachmentRepository, SqliteBlobCatalogRepository, SqliteFeedbackRepository, SqliteRevisionRepository, SqliteSubmissionRepository } from './work-repositories.ts';
import { SqliteAnnotationRepository } from './annotation-repositories.ts';
import { SqliteAuditRepository } from './audit-repositories.ts';
import { SqliteLiveSessionRepository } from './live-repositories.ts';
import { SqlitePaperPackRepository, SqlitePaperPageRepository } from './paper-repositories.ts';
import { SqliteFeedbackAudioRepository, SqliteReminderRepository, SqliteWorkFollowUpRepository } from './follow-up-repositories.ts';
import { SqliteChangeLogRepository, SqliteMutationLogRepository } from './sync-repositories.ts';

export function sqliteRepositories(db: Db): Repositories {
  return {
    schools: new SqliteSchoolRepository(db),
    users: new SqliteUserRepository(db),
    classes: new SqliteClassRepository(db),
    students: new SqliteStudentRepository(db),
    groups: new SqliteGroupRepository(db),
    devices: new SqliteDeviceRepository(db),
    enrolmentCodes: new SqliteEnrolmentCodeRepository(db),
    sessions: new SqliteSessionRepository(db),
    loginFailures: new SqliteLoginFailureRepository(db),
    lessons: new SqliteLessonRepository(db),
    assignments: new SqliteAssignmentRepository(db),
    lessonMedia: new SqliteLessonMediaRepository(db),
    blobCatalog: new SqliteBlobCatalogRepository(db),
    attachments: new SqliteAttachmentRepository(db),
    submissions: new SqliteSubmissionRepository(db),
    revisions: new SqliteRevisionRepository(db),
    feedback: new SqliteFeedbackRepository(db),
    annotations: new SqliteAnnotationRepository(db),
    changes: new SqliteChangeLogRepository(db),
    mutations: new SqliteMutationLogRepository(db),
    audit: new SqliteAuditRepository(db),
    live: new SqliteLiveSessionRepository(db),
    paperPacks: new SqlitePaperPackRepository(db),
    paperPages: new SqlitePaperPageRepository(db),
    followUps: new SqliteWorkFollowUpRepository(db),
    reminders: new SqliteReminderRepository(db),
    feedbackAudio: new SqliteFeedbackAudioRepository(db),
    updates: new SqliteUpdateRepository(db),
  };
}

export class SqliteDatabase implements Database {
  private tx: Tx;
  private queue: Promise<unknown> = Promise.resolve();
  private savepoints = 0;

  /** `db` is open and migrated (see database.ts). Tests read it directly to check what was stored. */
  constructor(public db: Db) {
    this.tx = { ...sqliteRepositories(db), savepoint: (fn) => this.savepoint(fn) };
  }

  /** Opens (creating if needed) the file and brings its schema up to date; ':memory:' for tests. */
  static open(file: string, options: { migrateUpTo?: number } = {}): SqliteDatabase {
    return new SqliteDatabase(openDatabase(file, options));
  }

  read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.run('BEGIN', fn);
  }

  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    // IMMEDIATE: the write lock is taken before the first read, so another process (the admin
    // CLI) cannot slip a write between what we read and what we write.
    return this.run('BEGIN IMMEDIATE', fn);
  }

  private run<T>(begin: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const task = this.queue.then(async () => {
      this.db.exec(begin);
      try {
        const result = await fn(this.tx);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
    this.queue = task.catch(() => undefined);
    return task;
  }

  private async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const name = `sp${++this.savepoints}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (err) {
      this.db.exec(`ROLLBACK TO ${name}`);
      this.db.exec(`RELEASE ${name}`);
      throw err;
    } finally {
      this.savepoints--;
    }
  }

  async backup(toFile: string) {
    await this.db.backup(toFile);
  }

  replaceWith(checkedFile: string): Promise<{ previousKeptAs: string }> {
    // On the queue: every transaction before it has committed, none after it starts until the new file is open.
    const task = this.queue.then(() => {
      const file = this.db.name;
      const previousKeptAs = `${file}.bak`;
      const tmp = `${file}.restoring`;
      copyFileSync(checkedFile, tmp);
      makeFilePrivate(tmp);
      const fd = openSync(tmp, 'r');
      fsyncSync(fd);
      closeSync(fd);
      rmSync(previousKeptAs, { force: true });
      this.db.prepare('VACUUM INTO ?').run(previousKeptAs); // a consistent copy, WAL included
      makeFilePrivate(previousKeptAs);
      this.db.close();
      for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
      renameSync(tmp, file);
      try {
        this.db = openDatabase(file); // upgrades an older schema
      } catch (err) {
        renameSync(previousKeptAs, file); // never leave the server without a database
        this.db = openDatabase(file);
        throw err;
      }
      this.tx = { ...sqliteRepositories(this.db), savepoint: (fn) => this.savepoint(fn) };
      return { previousKeptAs };
    });
    this.queue = task.catch(() => undefined);
    return task;
  }

  async close() {
    await this.queue;
    if (this.db.open) this.db.close();
  }
}
