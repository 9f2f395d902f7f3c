/**
 * `node --import tsx bench/console-api-bench.ts`: how long the console's heavy operations take
 * on this machine (in-process server, real SQLite file, synchronous=FULL): roster import
 * (scrypt per new student), teacher sign-in, listing a class, publishing, the submissions table.
 */
import { performance } from 'node:perf_hooks';
import { startTestApp } from '../tests/helpers/test-app.ts';
import { SYSTEM } from '../server/access/actor.ts';

const t = await startTestApp();
const school = await t.store.school.createSchool('Bench');
await t.store.school.createUser(SYSTEM, { schoolId: school.id, role: 'it', login: 'it', displayName: 'IT', password: 'bench-password' });
const teacher = await t.store.school.createUser(SYSTEM, { schoolId: school.id, role: 'teacher', login: 'prof', displayName: 'Prof', password: 'bench-password' });
const login = async (l: string) => (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: l, password: 'bench-password' } })).json().token as string;
const it = await login('it');
const rows: [string, string][] = [];
const time = async (label: string, n: number, fn: (i: number) => Promise<unknown>) => {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn(i);
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  rows.push([label, `median ${ms[Math.floor(n / 2)]!.toFixed(1)} ms, max ${ms.at(-1)!.toFixed(1)} ms (n=${n})`]);
};

for (const size of [30, 300]) {
  const csv = Array.from({ length: size }, (_, i) => `B${size};Nom${i};Prénom${i}`).join('\n');
  const roster = (query: string) => t.app.inject({ method: 'POST', url: `/api/roster/import?${query}`, headers: { authorization: `Bearer ${it}`, 'content-type': 'text/csv' }, payload: csv });
  // The console's two steps: the check (dry run), then its confirmation (which checks again, in its transaction).
  await time(`roster import, ${size} new students (check + confirm)`, 1, async () => roster(`confirm=${(await roster('dryRun=1')).json().confirmation}`));
}
const classes = await t.store.roster.listClasses(SYSTEM, school.id);
const cls = classes.find((c) => c.name === 'B30')!;
await t.store.roster.updateClass(SYSTEM, cls.id, { teacherIds: [teacher.id] });
await time('teacher sign-in (scrypt N=2^15)', 5, () => login('prof'));
const tk = await login('prof');
const h = { authorization: `Bearer ${tk}` };
await time('GET class students (30)', 50, () => t.app.inject({ method: 'GET', url: `/api/classes/${cls.id}/students`, headers: h }));
const a = (await t.app.inject({ method: 'POST', url: `/api/classes/${cls.id}/assignments`, headers: h, payload: { title: 'A', instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q1', kind: 'text', prompt: 'p', points: 1 }] } })).json();
await time('PATCH published assignment (durable write + change log)', 50, (i) => t.app.inject({ method: 'PATCH', url: `/api/assignments/${a.id}`, headers: h, payload: { title: `A${i}` } }));
await t.app.inject({ method: 'POST', url: `/api/assignments/${a.id}/publish`, headers: h, payload: {} });
await time('GET submissions table (30 students)', 50, () => t.app.inject({ method: 'GET', url: `/api/assignments/${a.id}/submissions`, headers: h }));

await t.close();
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`| ${'operation'.padEnd(w)} | result |\n|${'-'.repeat(w + 2)}|---|`);
for (const [k, v] of rows) console.log(`| ${k.padEnd(w)} | ${v} |`);
