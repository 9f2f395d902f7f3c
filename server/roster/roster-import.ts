/** Roster import: parse the file, hash secrets (given or generated), apply in one store transaction, report. */
import type { Store } from '../store/store.ts';
import type { RosterImportReport } from '../../src/protocol/console.ts';
import type { RosterEntry } from '../store/roster-store.ts';
import { hashStudentSecret } from './student-secret.ts';
import { badRequest } from '../errors.ts';
import { generateSecret, parseRoster, RosterFileError, type ParsedRoster } from './csv-import.ts';

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

/** Imports a roster file for a school. Throws a 400 HttpError when the file is unreadable or empty. */
export async function importRosterFile(store: Store, schoolId: string, bytes: Uint8Array, dryRun: boolean): Promise<RosterImportReport> {
  let parsed: ParsedRoster;
  try {
    parsed = parseRoster(bytes);
  } catch (err) {
    if (err instanceof RosterFileError) throw badRequest(err.message);
    throw err;
  }
  if (parsed.rows.length === 0 && parsed.refused.length === 0) throw badRequest('The file has no student rows (expected: class, last name, first name, optional secret).');
  const secrets = parsed.rows.map((r) => r.secret ?? generateSecret());
  const hashes = dryRun ? parsed.rows.map(() => null) : await mapLimit(secrets, 4, (s) => hashStudentSecret(s));
  const entries: RosterEntry[] = parsed.rows.map((r, i) => ({
    line: r.line, className: r.className, lastName: r.lastName, firstName: r.firstName, secretHash: hashes[i] ?? null, secretFromFile: r.secret !== null,
  }));
  const { outcomes, classesCreated } = await store.roster.importRoster(schoolId, entries, dryRun);

  const report: RosterImportReport = { dryRun, created: [], updated: [], refused: [...parsed.refused], classesCreated, secrets: [] };
  outcomes.forEach((o, i) => {
    const row = parsed.rows[i]!;
    if (o.outcome === 'refused') {
      report.refused.push({ line: o.line, reason: o.reason });
      return;
    }
    const item = { line: o.line, className: row.className, lastName: row.lastName, firstName: row.firstName, studentId: o.studentId };
    report[o.outcome].push(item);
    // Generated secrets are shown once, so the school can print them for the students.
    if (o.outcome === 'created' && o.studentId && row.secret === null) {
      report.secrets.push({ studentId: o.studentId, className: row.className, lastName: row.lastName, firstName: row.firstName, secret: secrets[i]! });
    }
  });
  report.refused.sort((a, b) => a.line - b.line);
  return report;
}
