/**
 * Bad input never gets a 500: every console route, fed random JSON bodies, random ids and
 * malformed JSON by a signed-in teacher and IT referent, answers a 4xx `{error:{code,message}}`
 * (or a 2xx when the random body happens to be valid), and the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { auth, makeFixture, type Fixture } from './school-fixture.ts';

let t: TestApp;
let f: Fixture;

const routes = (fx: Fixture): [string, string][] => [
  ['POST', '/api/users'], ['PATCH', `/api/users/${fx.ids.teacher2}`], ['POST', '/api/classes'], ['PATCH', `/api/classes/${fx.classA}`],
  ['POST', `/api/classes/${fx.classA}/students`], ['PATCH', `/api/students/${fx.students[2]}`], ['POST', `/api/classes/${fx.classA}/groups`],
  ['PATCH', `/api/groups/${fx.groupA}`], ['POST', '/api/devices/codes'], ['POST', '/api/devices/enrol'],
  ['POST', `/api/classes/${fx.classA}/lessons`], ['PATCH', `/api/lessons/${fx.lessonA}`], ['POST', `/api/lessons/${fx.lessonA}/publish`],
  ['POST', `/api/classes/${fx.classA}/assignments`], ['PATCH', `/api/assignments/${fx.assignmentA}`], ['POST', `/api/assignments/${fx.assignmentA}/publish`],
  ['PUT', `/api/submissions/${fx.submissionA}/feedback`],
];

const idLike = fc.oneof(fc.uuid(), fc.string({ maxLength: 80 }), fc.constantFrom('..%2F..%2Fetc', '%00', 'a'.repeat(65), '😀'));

describe('bad input never answers 500', () => {
  beforeAll(async () => {
    t = await startTestApp();
    f = await makeFixture(t);
  });
  afterAll(async () => { await t.close(); });

  it('random JSON bodies on every write route', async () => {
    for (const token of [f.tokens.teacher, f.tokens.it]) {
      for (const [method, url] of routes(f)) {
        await fc.assert(
          fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (body) => {
            const res = await t.app.inject({ method: method as 'POST', url, headers: { ...auth(token), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
            expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)} → ${res.body}`).toBeLessThan(500);
            if (res.statusCode >= 400) expect(res.json().error.message).toEqual(expect.any(String));
          }),
          { numRuns: 15 },
        );
      }
    }
  });

  it('near-valid bodies with wrong field types and shapes', async () => {
    const mutants = [
      { title: 'x', instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q', kind: 'choice', prompt: 'p', points: 1, choices: [{ id: 'a', label: 'A' }, { id: 'a', label: 'B' }] }] },
      { title: 'x', instructionsMarkdown: '', dueAt: '2030-13-45T99:99:99.000Z', questions: [] },
      { title: 'x', instructionsMarkdown: '', dueAt: null, questions: Array.from({ length: 101 }, (_, i) => ({ id: `q${i}`, kind: 'text', prompt: 'p', points: 1 })) },
      { title: 'x', bodyMarkdown: 'y', groupId: f.classA },
      { perQuestion: [{ questionId: 'q1', comment: 'x', points: null }], comment: '', mark: 1e9, maxMark: 5 },
      { studentIds: [f.students[0], f.students[0]], name: 'Dup' },
      { teacherIds: [f.ids.teacher, f.ids.teacher] },
      { classId: f.classB },
    ];
    for (const [method, url] of routes(f)) {
      for (const body of mutants) {
        const res = await t.app.inject({ method: method as 'POST', url, headers: auth(f.tokens.it), payload: body });
        expect(res.statusCode, `${method} ${url} ${JSON.stringify(body).slice(0, 200)} → ${res.body}`).toBeLessThan(500);
      }
    }
  });

  it('random ids in paths and queries, and malformed JSON', async () => {
    const paths = ['/api/users/:id', '/api/classes/:id', '/api/classes/:id/students', '/api/lessons/:id', '/api/assignments/:id/submissions', '/api/submissions/:id', '/api/devices/:id/revoke', '/api/groups/:id'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), idLike, fc.constantFrom('GET', 'PATCH', 'POST', 'DELETE'), async (path, id, method) => {
        const url = path.replace(':id', encodeURIComponent(id));
        const res = await t.app.inject({ method: method as 'GET', url, headers: auth(f.tokens.it), ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }) });
        expect(res.statusCode, `${method} ${url} → ${res.body}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    for (const payload of ['{', '{"title":', 'null', '[', '"x"', '\u0000', '{"a":1}{"b":2}']) {
      const res = await t.app.inject({ method: 'POST', url: `/api/classes/${f.classA}/lessons`, headers: { ...auth(f.tokens.teacher), 'content-type': 'application/json' }, payload });
      expect(res.statusCode, payload).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, payload).toBeLessThan(500);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/classes', headers: auth(f.tokens.it) })).statusCode).toBe(200);
  });
});
