/**
 * A pupil's groups after a roster import (issue 19). They join the groups the file names for
 * them in their class (created when missing); with SIECLE they also LEAVE the groups the
 * import manages that the file no longer lists for them. A group is managed when a SIECLE
 * import made it or adopted it by name (`groups.siecle`), or when the file names it for that
 * class; a group made by hand that the file never names is left alone. In a dry run nothing
 * is written and the same joins and departures are reported. Every membership change is
 * recorded for the class's tablets (a pupil leaving a group resyncs without its content).
 */
import type { Tx } from '../store/repositories.ts';
import { newId } from '../ids.ts';
import { addGroupMembers } from './roster-writes.ts';

/** Names compare case-, accent-form- and space-insensitively (as roster-import.ts's normName). */
const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('fr');

export interface GroupSyncContext {
  tx: Tx;
  dryRun: boolean;
  at: string;
  /** SIECLE: departures too (a CSV names no groups). */
  siecle: boolean;
  /** The group names the file gives each class (class name normalised → group names normalised). */
  fileGroups: Map<string, Set<string>>;
  /** "Class — Group" of the groups the import creates (the report's list, filled here). */
  groupsCreated: string[];
}

/** The groups the file gives each class, from its rows. */
export function fileGroupsByClass(rows: readonly { className: string; groups: readonly string[]; left?: boolean }[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    if (r.left) continue;
    const set = out.get(norm(r.className)) ?? new Set<string>();
    for (const g of r.groups) set.add(norm(g));
    out.set(norm(r.className), set);
  }
  return out;
}

/**
 * Brings one pupil's groups in `classId` to the file's `wanted` list. `studentId` null: a pupil
 * created in a dry run (the groups to create are still reported). Returns the groups joined
 * and left, by name.
 */
export async function syncPupilGroups(
  c: GroupSyncContext, p: { studentId: string | null; classId: string; className: string; wanted: readonly string[] },
): Promise<{ joined: string[]; left: string[] }> {
  const { tx, dryRun, at } = c;
  const groups = p.classId.startsWith('new:') ? [] : (await tx.groups.listByClass(p.classId)).filter((g) => !g.archived);
  const member = new Set(p.studentId ? await tx.groups.groupIdsOf(p.studentId) : []);
  const wanted = new Map(p.wanted.map((n) => [norm(n), n.trim()]));
  const joined: string[] = [];
  for (const [key, name] of wanted) {
    let g = groups.find((x) => norm(x.name) === key);
    if (!g) {
      const label = `${p.className} — ${name}`;
      if (!c.groupsCreated.includes(label)) c.groupsCreated.push(label);
      if (!dryRun && p.studentId) {
        const id = newId();
        await tx.groups.insert({ id, classId: p.classId, name, createdAt: at, siecle: c.siecle });
        g = { id, classId: p.classId, name, archived: false, siecle: c.siecle };
        groups.push(g);
      }
    } else if (c.siecle && !g.siecle && !dryRun) {
      await tx.groups.update(g.id, { siecle: true }); // found by name: the export manages it from now on
      g = { ...g, siecle: true };
    }
    if (!p.studentId || (g && member.has(g.id))) continue;
    joined.push(g?.name ?? name);
    if (!dryRun && g) await addGroupMembers(tx, g.id, p.classId, [p.studentId], at);
  }
  const left: string[] = [];
  if (c.siecle && p.studentId) {
    const named = c.fileGroups.get(norm(p.className)) ?? new Set<string>();
    for (const g of groups) {
      if (!member.has(g.id) || wanted.has(norm(g.name)) || !(g.siecle || named.has(norm(g.name)))) continue;
      left.push(g.name);
      if (!dryRun) {
        await tx.groups.removeMember(g.id, p.studentId);
        await tx.changes.put(`class:${p.classId}`, 'group', g.id, at);
      }
    }
  }
  return { joined, left };
}
