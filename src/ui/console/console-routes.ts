/**
 * The console's screens and their addresses. Routes live in the hash (`/console#/…`):
 * the student shell mounts the console at /console/*, and a hash route survives a reload
 * whatever the server's fallback does.
 */
export type ConsoleRoute =
  | { name: 'classes' }
  | { name: 'assignments'; classId: string }
  | { name: 'assignment-new'; classId: string }
  | { name: 'assignment-edit'; classId: string; assignmentId: string }
  | { name: 'assignment-follow'; classId: string; assignmentId: string }
  | { name: 'assignment-paper'; classId: string; assignmentId: string }
  | { name: 'submission'; classId: string; assignmentId: string; submissionId: string }
  | { name: 'lessons'; classId: string }
  | { name: 'lesson-edit'; classId: string; lessonId: string }
  | { name: 'tablets'; classId: string }
  | { name: 'gradebook'; classId: string }
  | { name: 'live'; classId: string }
  | { name: 'admin-users' }
  | { name: 'admin-classes' }
  | { name: 'admin-students' }
  | { name: 'admin-roster' }
  | { name: 'admin-devices' }
  | { name: 'admin-backup' }
  | { name: 'admin-audit' }
  | { name: 'admin-updates' }
  | { name: 'not-found' };

const ID = '([A-Za-z0-9_-]+)';
type Pattern = [RegExp, (m: string[]) => ConsoleRoute];

const patterns: Pattern[] = [
  [/^\/?$/, () => ({ name: 'classes' })],
  [/^\/classes$/, () => ({ name: 'classes' })],
  [new RegExp(`^/classes/${ID}/assignments$`), (m) => ({ name: 'assignments', classId: m[1]! })],
  [new RegExp(`^/classes/${ID}/assignments/new$`), (m) => ({ name: 'assignment-new', classId: m[1]! })],
  [new RegExp(`^/classes/${ID}/assignments/${ID}/edit$`), (m) => ({ name: 'assignment-edit', classId: m[1]!, assignmentId: m[2]! })],
  [new RegExp(`^/classes/${ID}/assignments/${ID}/follow$`), (m) => ({ name: 'assignment-follow', classId: m[1]!, assignmentId: m[2]! })],
  [new RegExp(`^/classes/${ID}/assignments/${ID}/paper$`), (m) => ({ name: 'assignment-paper', classId: m[1]!, assignmentId: m[2]! })],
  [new RegExp(`^/classes/${ID}/assignments/${ID}/submissions/${ID}$`), (m) => ({ name: 'submission', classId: m[1]!, assignmentId: m[2]!, submissionId: m[3]! })],
  [new RegExp(`^/classes/${ID}/lessons$`), (m) => ({ name: 'lessons', classId: m[1]! })],
  [new RegExp(`^/classes/${ID}/lessons/${ID}$`), (m) => ({ name: 'lesson-edit', classId: m[1]!, lessonId: m[2]! })],
  [new RegExp(`^/classes/${ID}/tablets$`), (m) => ({ name: 'tablets', classId: m[1]! })],
  [new RegExp(`^/classes/${ID}/gradebook$`), (m) => ({ name: 'gradebook', classId: m[1]! })],
  [new RegExp(`^/classes/${ID}/live$`), (m) => ({ name: 'live', classId: m[1]! })],
  [/^\/admin\/users$/, () => ({ name: 'admin-users' })],
  [/^\/admin\/classes$/, () => ({ name: 'admin-classes' })],
  [/^\/admin\/students$/, () => ({ name: 'admin-students' })],
  [/^\/admin\/roster$/, () => ({ name: 'admin-roster' })],
  [/^\/admin\/devices$/, () => ({ name: 'admin-devices' })],
  [/^\/admin\/backup$/, () => ({ name: 'admin-backup' })],
  [/^\/admin\/audit$/, () => ({ name: 'admin-audit' })],
  [/^\/admin\/updates$/, () => ({ name: 'admin-updates' })],
];

/** Reads a route from a location hash (`#/classes/abc/assignments`). */
export function parseRoute(hash: string): ConsoleRoute {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  for (const [re, make] of patterns) {
    const m = re.exec(path);
    if (m) return make(m);
  }
  return { name: 'not-found' };
}

/** The hash of a route (inverse of `parseRoute`). */
export function routeHash(r: ConsoleRoute): string {
  const c = 'classId' in r ? `/classes/${r.classId}` : '';
  switch (r.name) {
    case 'classes': return '#/classes';
    case 'assignments': return `#${c}/assignments`;
    case 'assignment-new': return `#${c}/assignments/new`;
    case 'assignment-edit': return `#${c}/assignments/${r.assignmentId}/edit`;
    case 'assignment-follow': return `#${c}/assignments/${r.assignmentId}/follow`;
    case 'assignment-paper': return `#${c}/assignments/${r.assignmentId}/paper`;
    case 'submission': return `#${c}/assignments/${r.assignmentId}/submissions/${r.submissionId}`;
    case 'lessons': return `#${c}/lessons`;
    case 'lesson-edit': return `#${c}/lessons/${r.lessonId}`;
    case 'tablets': return `#${c}/tablets`;
    case 'gradebook': return `#${c}/gradebook`;
    case 'live': return `#${c}/live`;
    case 'admin-users': return '#/admin/users';
    case 'admin-classes': return '#/admin/classes';
    case 'admin-students': return '#/admin/students';
    case 'admin-roster': return '#/admin/roster';
    case 'admin-devices': return '#/admin/devices';
    case 'admin-backup': return '#/admin/backup';
    case 'admin-audit': return '#/admin/audit';
    case 'admin-updates': return '#/admin/updates';
    case 'not-found': return '#/not-found';
  }
}
