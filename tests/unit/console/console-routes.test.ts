import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type ConsoleRoute } from '../../../src/ui/console/console-routes.ts';

const routes: ConsoleRoute[] = [
  { name: 'classes' },
  { name: 'assignments', classId: 'c1' },
  { name: 'assignment-new', classId: 'c1' },
  { name: 'assignment-edit', classId: 'c1', assignmentId: 'a-2' },
  { name: 'assignment-follow', classId: 'c1', assignmentId: 'a_2' },
  { name: 'assignment-paper', classId: 'c1', assignmentId: 'a2' },
  { name: 'submission', classId: 'c1', assignmentId: 'a2', submissionId: 's3' },
  { name: 'lessons', classId: 'c1' },
  { name: 'lesson-edit', classId: 'c1', lessonId: 'l1' },
  { name: 'tablets', classId: 'c1' },
  { name: 'admin-users' }, { name: 'admin-classes' }, { name: 'admin-students' },
  { name: 'admin-roster' }, { name: 'admin-devices' }, { name: 'admin-backup' }, { name: 'admin-audit' },
];

describe('console routes', () => {
  it.each(routes.map((r) => [r.name, r] as const))('%s survives hash → route → hash', (_n, r) => {
    expect(parseRoute(routeHash(r))).toEqual(r);
  });
  it('an empty hash is the class list', () => {
    expect(parseRoute('')).toEqual({ name: 'classes' });
    expect(parseRoute('#/')).toEqual({ name: 'classes' });
  });
  it('"new" is not taken for an assignment id, and odd paths are not found', () => {
    expect(parseRoute('#/classes/c1/assignments/new').name).toBe('assignment-new');
    expect(parseRoute('#/classes/c1/assignments/x/y').name).toBe('not-found');
    expect(parseRoute('#/classes/../admin').name).toBe('not-found');
    expect(parseRoute('#/classes/<script>/assignments').name).toBe('not-found');
  });
});
