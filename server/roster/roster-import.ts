/**
 * Roster import — a CSV (class, last name, first name, optional secret and identifier) or a
 * SIECLE export — that brings the school's roster up to date instead of refusing what is
 * already there. Secrets (given or generated) are hashed before the transaction; the plan is
 * applied in one transaction, or only reported in a dry run. Rules, in order, for each pupil
 * of the file:
 * - found again by their identifier (SIECLE ELEVE_ID, or an "identifiant" column), else by
 *   their names (case-, accent-form- and space-insensitively) — in the same class first, then
 *   anywhere in the school when only one pupil has those names (several: refused, ambiguous);
 * - found again: names fixed, moved to the file's class (leaving the old class's groups),
 *   brought back from the archive (with the file's secret when it gives one), identifier
 *   recorded — or unchanged; not found: created, with a generated secret unless the file gives one;
 * - listed twice in the file: the second line is refused with the first one's number;
 * - left the school (SIECLE date of leaving): archived; missing from the file (the pupils of the
 *   file's classes, every class for SIECLE): listed, and archived only when the referent asks;
 * - SIECLE groups are created in the pupil's class and the pupil added to them; a pupil the
 *   export no longer lists in a group the import manages leaves it (siecle-groups.ts);
 * - a SIECLE export of another school (its UAI) is refused; when the school has no UAI yet the
 *   report names the file's (« sera identifié par l'UAI … ») and the confirmed import records it.
 * The report of a dry run is what the confirmed import will do: roster-service.ts binds the
 * confirmation to it.
 */
import type { Tx } from '../store/repositories.ts';
import type { StudentRecord } from '../store/records.ts';
import type { RosterChange, RosterImportReport, RosterImportRow } from '../../src/protocol/console.ts';
import type { ErrorCode, ErrorParams } from '../../src/protocol/error-codes.ts';
import { englishMessage, fail } from '../domain/domain-error.ts';
import { hashStudentSecret } from './student-secret.ts';
import { generateSecret, parseRoster, RosterFileError, type RefusedRow, type RosterRow } from './csv-import.ts';
import { looksLikeSiecle, parseSiecle } from './siecle-import.ts';
import { archiveStudent, insertClass, insertStudent, moveStudentOut } from './roster-writes.ts';
import { fileGroupsByClass, syncPupilGroups, type GroupSyncContext } from './siecle-groups.ts';
import { now } from '../ids.ts';

/** Names compare case-, accent-form- and space-insensitively ("  Léa " = "léa"). */
export const normName = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('fr');
const namesKey = (last: string, first: string) => `${normName(last)}|${normName(first)}`;

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
  source: 'csv' | 'siecle';
  /** The UAI a SIECLE export names. */
  uai: string | null;
  rows: RosterRow[];
  refused: RefusedRow[];
  /** The secret each row will get if created (from the file, or generated). */
  secrets: string[];
  /** Their hashes (null in a dry run). */
  hashes: (string | null)[];
}

/** Reads the file (CSV or SIECLE, told apart by its bytes) and hashes its secrets. Throws a DomainError when unreadable or empty. */
export async function parseRosterFile(bytes: Uint8Array, dryRun: boolean): Promise<PreparedRoster> {
  let parsed: { rows: RosterRow[]; refused: RefusedRow[]; uai?: string };
  const source = looksLikeSiecle(bytes) ? 'siecle' : 'csv';
  try {
    parsed = source === 'siecle' ? parseSiecle(bytes) : parseRoster(bytes);
  } catch (err) {
    if (err instanceof RosterFileError) throw fail(err.code, err.options.params);
    throw err;
  }
  if (parsed.rows.length === 0 && parsed.refused.length === 0) throw fail('roster_empty');
  const secrets = parsed.rows.map((r) => r.secret ?? generateSecret());
  // Only pupils who may be created or get a new secret need a hash; a dry run needs none.
  const hashes = dryRun ? parsed.rows.map(() => null) : await mapLimit([...parsed.rows.keys()], 4, (i) => (parsed.rows[i]!.left ? Promise.resolve(null) : hashStudentSecret(secrets[i]!)));
  return { source, uai: parsed.uai ?? null, rows: parsed.rows, refused: parsed.refused, secrets, hashes };
}

const refusedRow = (line: number, code: ErrorCode, params?: ErrorParams): RefusedRow =>
  params ? { line, code, params, reason: englishMessage(code, params) } : { line, code, reason: englishMessage(code) };

/** Applies (or, in a dry run, only plans) the import in the caller's transaction. */
export async function applyRosterImport(tx: Tx, schoolId: string, p: PreparedRoster, opts: { dryRun: boolean; archiveMissing: boolean }): Promise<RosterImportReport> {
  const { dryRun } = opts;
  const at = now();
  const report: RosterImportReport = {
    dryRun, source: p.source, created: [], updated: [], unchanged: 0, archived: [], missing: [], refused: [...p.refused], classesCreated: [], groupsCreated: [], secrets: [],
  };
  if (p.source === 'siecle' && p.uai) {
    const uai = await tx.schools.uai(schoolId);
    if (uai && uai.toUpperCase() !== p.uai.toUpperCase()) throw fail('siecle_wrong_school', { uai: p.uai, expected: uai });
    // The school's identity is never adopted silently: the dry run shows it, the confirmation records it.
    report.uai = { value: p.uai, adopted: !uai };
    if (!uai && !dryRun) await tx.schools.setUai(schoolId, p.uai);
  }
  const groupSync: GroupSyncContext = { tx, dryRun, at, siecle: p.source === 'siecle', fileGroups: fileGroupsByClass(p.rows), groupsCreated: report.groupsCreated };

  const classes = await tx.classes.listBySchool(schoolId);
  const classIdByName = new Map(classes.map((c) => [normName(c.name), c.id]));
  const classNameById = new Map(classes.map((c) => [c.id, c.name]));
  const students = await tx.students.listBySchool(schoolId);
  const byExternal = new Map(students.filter((s) => s.externalId).map((s) => [s.externalId!, s]));
  const byNames = new Map<string, StudentRecord[]>();
  for (const s of students) byNames.set(namesKey(s.lastName, s.firstName), [...(byNames.get(namesKey(s.lastName, s.firstName)) ?? []), s]);
  /** Student id (or, for a pupil to create, the file's key) → the first line that named them. */
  const seen = new Map<string, number>();
  const fileClassIds = new Set<string>();

  const classOf = async (name: string): Promise<string> => {
    const key = normName(name);
    let id = classIdByName.get(key);
    if (!id) {
      id = dryRun ? `new:${key}` : (await insertClass(tx, schoolId, name.trim(), at)).id;
      classIdByName.set(key, id);
      classNameById.set(id, name.trim());
      report.classesCreated.push(name.trim());
    }
    return id;
  };

  for (const [i, row] of p.rows.entries()) {
    const item = (studentId: string | null): RosterImportRow => ({ line: row.line, className: row.className, lastName: row.lastName, firstName: row.firstName, studentId });
    const sameNames = byNames.get(namesKey(row.lastName, row.firstName)) ?? [];
    const classId = row.left ? null : await classOf(row.className);
    if (classId) fileClassIds.add(classId);
    let match = row.externalId ? byExternal.get(row.externalId) : undefined;
    if (!match && !row.externalId) {
      const here = sameNames.filter((s) => s.classId === classId);
      const elsewhere = sameNames.filter((s) => s.classId !== classId && !s.archived);
      if (here.length > 0) match = here.find((s) => !s.archived) ?? here[0];
      else if (elsewhere.length === 1) match = elsewhere[0];
      else if (elsewhere.length > 1) {
        report.refused.push(refusedRow(row.line, 'roster_ambiguous_name'));
        continue;
      }
    } else if (!match && row.externalId) {
      // An identifier seen for the first time: a pupil already here under the same names (imported before ids were known) takes it.
      const untagged = sameNames.filter((s) => !s.externalId && (s.classId === classId || !s.archived));
      if (untagged.length === 1) match = untagged[0];
    }
    const key = match?.id ?? row.externalId ?? `${classId}|${namesKey(row.lastName, row.firstName)}`;
    const first = seen.get(key);
    if (first !== undefined) {
      report.refused.push(refusedRow(row.line, 'roster_duplicate_in_file', { line: first }));
      continue;
    }
    seen.set(key, row.line);

    if (row.left) {
      if (match && !match.archived) {
        if (!dryRun) await archiveStudent(tx, match, at);
        report.archived.push({ ...item(match.id), className: classNameById.get(match.classId) ?? row.className });
      }
      continue;
    }
    if (!classId) continue;
    if (!match) {
      const hash = p.hashes[i];
      const created = dryRun || !hash ? null : await insertStudent(tx, { schoolId, classId, firstName: row.firstName, lastName: row.lastName, secretHash: hash, secretLength: p.secrets[i]!.length, externalId: row.externalId }, at);
      report.created.push(item(created?.id ?? null));
      // Generated secrets are shown once, so the school can print them for the students.
      if (created && row.secret === null) report.secrets.push({ studentId: created.id, className: row.className, lastName: row.lastName, firstName: row.firstName, secret: p.secrets[i]! });
      await syncPupilGroups(groupSync, { studentId: created?.id ?? null, classId, className: row.className, wanted: row.groups });
      continue;
    }
    const changes: RosterChange[] = [];
    const renamed = normName(match.lastName) !== normName(row.lastName) || normName(match.firstName) !== normName(row.firstName);
    if (renamed) changes.push('name');
    if (match.classId !== classId) changes.push('class');
    if (match.archived) changes.push('back');
    const newSecret = match.archived && row.secret !== null && p.hashes[i] ? p.hashes[i]! : undefined;
    if (newSecret || (dryRun && match.archived && row.secret !== null)) changes.push('secret');
    if (row.externalId && !match.externalId) changes.push('id');
    if (changes.length > 0 && !dryRun) {
      // A move first: the old class's groups are left with it.
      if (changes.includes('class')) await moveStudentOut(tx, match, at);
      await tx.students.update(match.id, {
        firstName: renamed ? row.firstName : undefined, lastName: renamed ? row.lastName : undefined, classId, archived: false, secretHash: newSecret, secretLength: newSecret ? row.secret!.length : undefined,
        externalId: row.externalId && !match.externalId ? row.externalId : undefined,
      }, at);
      await tx.changes.put(`class:${classId}`, 'student', match.id, at);
    }
    // A pupil moving class in a dry run still belongs to the old class's groups: none of them is in the new class.
    const groups = await syncPupilGroups(groupSync, { studentId: match.id, classId, className: row.className, wanted: row.groups });
    if (groups.joined.length || groups.left.length) changes.push('groups');
    if (changes.length === 0) {
      report.unchanged++;
      continue;
    }
    report.updated.push({
      ...item(match.id), changes,
      ...(changes.includes('class') ? { fromClassName: classNameById.get(match.classId) ?? '' } : {}),
      ...(renamed ? { fromName: `${match.firstName} ${match.lastName}` } : {}),
      ...(groups.joined.length ? { groupsJoined: groups.joined } : {}),
      ...(groups.left.length ? { groupsLeft: groups.left } : {}),
    });
  }

  // Pupils of the file's classes (every class for SIECLE, the school's whole roster) the file does not list.
  const listed = new Set(seen.keys());
  for (const s of students) {
    if (s.archived || listed.has(s.id) || (p.source === 'csv' && !fileClassIds.has(s.classId))) continue;
    const row: RosterImportRow = { line: 0, className: classNameById.get(s.classId) ?? '', lastName: s.lastName, firstName: s.firstName, studentId: s.id };
    report.missing.push(row);
    if (opts.archiveMissing) {
      if (!dryRun) await archiveStudent(tx, s, at);
      report.archived.push(row);
    }
  }
  report.refused.sort((a, b) => a.line - b.line);
  return report;
}
