/**
 * Roster import: parse the file, hash secrets (given or generated) before the transaction,
 * then apply in one transaction (nothing in a dry run) and report. Rules: missing classes are
 * created; a student already in the class (same names, case-, accent-form- and
 * space-insensitively) or twice in the file is refused with the line it clashes with; an
 * archived student found again is brought back (their secret reset when the file gives one).
 */
import type { Tx } from '../store/repositories.ts';
import type { RosterImportReport } from '../../src/protocol/console.ts';
import { englishMessage, fail } from '../domain/domain-error.ts';
import { hashStudentSecret } from './student-secret.ts';
import { generateSecret, parseRoster, RosterFileError, type ParsedRoster, type RefusedRow } from './csv-import.ts';
import { insertClass, insertStudent } from './roster-writes.ts';
import { now } from '../ids.ts';

/** Names compare case-, accent-form- and space-insensitively ("  Léa " = "léa"). */
export const normName = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('fr');

/** Hashes with a little parallelism (scrypt runs on libuv's thread pool). */
async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  }));
  return out;
}

export interface PreparedRoster {
  parsed: ParsedRoster;
  /** The secret each row will get (from the file, or generated). */
  secrets: string[];
  /** Their hashes (null in a dry run). */
  hashes: (string | null)[];
}

/** Reads the file and hashes its secrets. Throws a DomainError when the file is unreadable or empty. */
export async function parseRosterFile(bytes: Uint8Array, dryRun: boolean): Promise<PreparedRoster> {
  let parsed: ParsedRoster;
  try {
    parsed = parseRoster(bytes);
  } catch (err) {
    if (err instanceof RosterFileError) throw fail(err.code, err.options.params);
    throw err;
  }
  if (parsed.rows.length === 0 && parsed.refused.length === 0) throw fail('roster_empty');
  const secrets = parsed.rows.map((r) => r.secret ?? generateSecret());
  const hashes = dryRun ? parsed.rows.map(() => null) : await mapLimit(secrets, 4, (s) => hashStudentSecret(s));
  return { parsed, secrets, hashes };
}

const refused = (line: number, code: RefusedRow['code'], params: RefusedRow['params']): RefusedRow => ({ line, code, params, reason: englishMessage(code, params) });

/** Applies the rows in the caller's transaction. */
export async function applyRosterImport(tx: Tx, schoolId: string, p: PreparedRoster, dryRun: boolean): Promise<RosterImportReport> {
  const at = now();
  const report: RosterImportReport = { dryRun, created: [], updated: [], refused: [...p.parsed.refused], classesCreated: [], secrets: [] };
  const classes = new Map<string, string>();
  for (const c of await tx.classes.listBySchool(schoolId)) classes.set(normName(c.name), c.id);
  const seen = new Map<string, number>();
  for (const [i, row] of p.parsed.rows.entries()) {
    let classId = classes.get(normName(row.className));
    if (!classId) {
      classId = dryRun ? `new:${normName(row.className)}` : (await insertClass(tx, schoolId, row.className.trim(), at)).id;
      classes.set(normName(row.className), classId);
      report.classesCreated.push(row.className.trim());
    }
    const key = `${classId}|${normName(row.lastName)}|${normName(row.firstName)}`;
    const first = seen.get(key);
    if (first !== undefined) {
      report.refused.push(refused(row.line, 'roster_duplicate_in_file', { line: first }));
      continue;
    }
    seen.set(key, row.line);
    const existing = dryRun && classId.startsWith('new:') ? undefined
      : (await tx.students.listByClass(classId)).find((s) => normName(s.lastName) === normName(row.lastName) && normName(s.firstName) === normName(row.firstName));
    const item = { line: row.line, className: row.className, lastName: row.lastName, firstName: row.firstName };
    if (existing && !existing.archived) {
      report.refused.push(refused(row.line, 'roster_duplicate_existing', { firstName: row.firstName, lastName: row.lastName, className: row.className }));
    } else if (existing) {
      if (!dryRun) {
        const secretHash = row.secret !== null && p.hashes[i] ? p.hashes[i] : existing.secretHash;
        await tx.students.update(existing.id, { archived: false, secretHash }, at);
        await tx.changes.put(`class:${classId}`, 'student', existing.id, at);
      }
      report.updated.push({ ...item, studentId: dryRun ? null : existing.id });
    } else {
      const hash = p.hashes[i];
      const created = dryRun || !hash ? null : await insertStudent(tx, { schoolId, classId, firstName: row.firstName, lastName: row.lastName, secretHash: hash }, at);
      report.created.push({ ...item, studentId: created?.id ?? null });
      // Generated secrets are shown once, so the school can print them for the students.
      if (created && row.secret === null) report.secrets.push({ studentId: created.id, className: row.className, lastName: row.lastName, firstName: row.firstName, secret: p.secrets[i]! });
    }
  }
  report.refused.sort((a, b) => a.line - b.line);
  return report;
}
