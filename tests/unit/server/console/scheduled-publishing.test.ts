/**
 * Scheduled publishing (issue 13): the publish scheduler on a faked clock over the real
 * server, the schedule routes with their refusals, and the tablet's pull before and after the
 * time — a tablet that synced just before gets the assignment from then, never before.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { SYSTEM } from '../../../../server/access/actor.ts';
import { PublishScheduler, type SchedulerClock } from '../../../../server/content/publish-scheduler.ts';
import { soleLeadership, type Leadership } from '../../../../server/cluster/leadership.ts';
import { auth, makeFixture, type Fixture } from './school-fixture.ts';
import type { Assignment } from '../../../../src/protocol/entities.ts';

const HOUR = 3600_000;

/** A clock that only moves when told, with timers that fire when it passes them. */
class FakeClock implements SchedulerClock {
  private nextId = 1;
  readonly timers = new Map<number, { at: number; fn: () => void }>();
  constructor(public time: number) {}
  now() {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.timers.delete(handle as number);
  }
  /** The delay of the one armed timer, from now. */
  armedIn(): number | null {
    const [t] = [...this.timers.values()];
    return t ? t.at - this.time : null;
  }
  /** Moves to `to` and fires the timers it passed. */
  advanceTo(to: number) {
    this.time = to;
    for (const [id, t] of [...this.timers]) {
      if (t.at <= to) {
        this.timers.delete(id);
        t.fn();
      }
    }
  }
}

/** A leadership the test hands over and back. */
function switchableLeadership(leader: boolean): Leadership & { set(leader: boolean): void } {
  const listeners = new Set<(l: boolean) => void>();
  let current = leader;
  return {
    isLeader: () => current,
    onChange(l) {
      listeners.add(l);
      if (current) l(true);
      return () => void listeners.delete(l);
    },
    async close() {},
    set(next) {
      current = next;
      for (const l of listeners) l(next);
    },
  };
}

let t: TestApp;
let f: Fixture;
const stops: Array<() => Promise<void>> = [];

beforeEach(async () => {
  t = await startTestApp();
  f = await makeFixture(t);
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await t.close();
});

const draft = async (title = 'Les fractions') =>
  t.store.content.createAssignment(SYSTEM, f.classA, { title, instructionsMarkdown: '', dueAt: null, questions: [{ id: 'q1', kind: 'text', prompt: 'Explique.', points: 2 }] });
const put = (token: string, id: string, payload: unknown) => t.app.inject({ method: 'PUT', url: `/api/assignments/${id}/schedule`, headers: auth(token), payload: payload as object });
const pull = async (cursor: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/sync/pull?cursor=${encodeURIComponent(cursor)}&limit=500`, headers: auth(f.tokens.student, f.deviceToken) });
  expect(res.statusCode).toBe(200);
  return res.json() as { cursor: string; changes: Array<{ id: string; entity: string; op: string }> };
};
const status = (id: string) => t.store.db.prepare('SELECT status, publish_at FROM assignments WHERE id = ?').get(id) as { status: string; publish_at: string | null };

function scheduler(clock: FakeClock, leadership: Leadership = soleLeadership(), pollMs = 60_000) {
  const s = new PublishScheduler(t.store.content, leadership, { clock, pollMs });
  stops.push(s.start());
  return s;
}

describe('the publish scheduler on a faked clock', () => {
  it('publishes at the scheduled time, not before, and a tablet that synced just before then gets it', async () => {
    const a = await draft();
    const res = await put(f.tokens.teacher, a.id, { publishAt: new Date(Date.now() + HOUR).toISOString() });
    expect(res.statusCode).toBe(200);
    const publishAt = Date.parse((res.json() as Assignment).publishAt!);
    const clock = new FakeClock(publishAt - 5 * 60_000); // 5 minutes before
    const s = scheduler(clock, soleLeadership(), 10 * 60_000);
    await s.idle();
    expect(status(a.id).status).toBe('draft');
    // It waits for the time itself (shorter than the poll).
    expect(clock.armedIn()).toBe(5 * 60_000);

    const before = await pull('');
    expect(before.changes.some((c) => c.id === a.id)).toBe(false);

    clock.advanceTo(publishAt - 1);
    await s.idle();
    expect(status(a.id).status).toBe('draft');
    clock.advanceTo(publishAt);
    await s.idle();
    expect(status(a.id)).toEqual({ status: 'published', publish_at: null });
    const after = await pull(before.cursor);
    expect(after.changes).toContainEqual(expect.objectContaining({ op: 'put', entity: 'assignment', id: a.id }));
    // Nothing else to wait for: back to polling.
    expect(clock.armedIn()).toBe(10 * 60_000);
  });

  it('publishes at start-up what fell due while the server was stopped', async () => {
    const a = await draft();
    await t.store.content.scheduleAssignment(SYSTEM, a.id, { publishAt: new Date(Date.now() + HOUR).toISOString() });
    const s = scheduler(new FakeClock(Date.now() + 2 * HOUR));
    await s.idle();
    expect(status(a.id).status).toBe('published');
  });

  it('re-arms when a teacher schedules, moves or cancels (no wait for the poll)', async () => {
    const clock = new FakeClock(Date.now());
    const s = scheduler(clock, soleLeadership(), HOUR);
    await s.idle();
    expect(clock.armedIn()).toBe(HOUR);
    const a = await draft();
    const at = Date.parse((await t.store.content.scheduleAssignment(SYSTEM, a.id, { publishAt: new Date(clock.now() + 10 * 60_000).toISOString() })).publishAt!);
    await s.idle();
    expect(clock.armedIn()).toBe(at - clock.now());
    await t.store.content.unscheduleAssignment(SYSTEM, a.id);
    await s.idle();
    expect(clock.armedIn()).toBe(HOUR);
    clock.advanceTo(at + 1000);
    await s.idle();
    expect(status(a.id)).toEqual({ status: 'draft', publish_at: null });
  });

  it('runs on the leader only: a follower publishes nothing until it takes the lead', async () => {
    const a = await draft();
    const publishAt = Date.parse((await t.store.content.scheduleAssignment(SYSTEM, a.id, { publishAt: new Date(Date.now() + HOUR).toISOString() })).publishAt!);
    const clock = new FakeClock(publishAt + 1000);
    const leadership = switchableLeadership(false);
    const s = scheduler(clock, leadership);
    await s.idle();
    expect(clock.armedIn()).toBeNull();
    expect(status(a.id).status).toBe('draft');
    leadership.set(true);
    await s.idle();
    expect(status(a.id).status).toBe('published');
    leadership.set(false);
    expect(clock.armedIn()).toBeNull();
  });
});

describe('PUT/DELETE /api/assignments/:id/schedule', () => {
  it('schedules, moves and cancels; the list and the assignment show it; « publier maintenant » clears it', async () => {
    const a = await draft();
    const when = new Date(Date.now() + 2 * HOUR);
    const res = await put(f.tokens.teacher, a.id, { publishAt: when.toISOString() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'draft', publishAt: when.toISOString() });
    const list = (await t.app.inject({ method: 'GET', url: `/api/classes/${f.classA}/assignments`, headers: auth(f.tokens.teacher) })).json() as Assignment[];
    expect(list.find((x) => x.id === a.id)?.publishAt).toBe(when.toISOString());
    const cancelled = await t.app.inject({ method: 'DELETE', url: `/api/assignments/${a.id}/schedule`, headers: auth(f.tokens.teacher) });
    expect([cancelled.statusCode, cancelled.json().publishAt]).toEqual([200, null]);
    await put(f.tokens.teacher, a.id, { publishAt: when.toISOString() });
    const now = await t.app.inject({ method: 'POST', url: `/api/assignments/${a.id}/publish`, headers: auth(f.tokens.teacher), payload: {} });
    expect(now.json()).toMatchObject({ status: 'published', publishAt: null });
    const again = await put(f.tokens.teacher, a.id, { publishAt: when.toISOString() });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'already_published']);
  });

  it('refuses bad input with a 4xx and a code, never a 500', async () => {
    const a = await draft();
    const later = new Date(Date.now() + HOUR).toISOString();
    const cases: Array<[string, unknown, number, string]> = [
      [f.tokens.teacher, {}, 400, 'validation'],
      [f.tokens.teacher, { publishAt: 12 }, 400, 'validation'],
      [f.tokens.teacher, { publishAt: later, extra: true }, 400, 'validation'],
      [f.tokens.teacher, { publishAt: 'le mardi 8 décembre à 8 h' }, 400, 'publish_at_invalid'],
      [f.tokens.teacher, { publishAt: '2020-01-01T08:00:00.000Z' }, 400, 'publish_at_past'],
      [f.tokens.teacher, { publishAt: new Date(Date.now() + 3 * 365 * 24 * HOUR).toISOString() }, 400, 'publish_at_invalid'],
      [f.tokens.teacher, { publishAt: later, groupId: f.classB }, 400, 'group_not_in_class'],
      [f.tokens.teacher2, { publishAt: later }, 404, 'assignment_not_found'],
      [f.tokens.itB, { publishAt: later }, 404, 'assignment_not_found'],
      [f.tokens.it, { publishAt: later }, 403, 'teacher_only'],
    ];
    for (const [token, body, code, error] of cases) {
      const res = await put(token, a.id, body);
      expect([res.statusCode, res.json().error?.code], JSON.stringify(body)).toEqual([code, error]);
    }
    const student = await t.app.inject({ method: 'PUT', url: `/api/assignments/${a.id}/schedule`, headers: auth(f.tokens.student, f.deviceToken), payload: { publishAt: later } });
    expect(student.statusCode).toBe(403);
    const unknown = await put(f.tokens.teacher, '00000000-0000-4000-8000-000000000000', { publishAt: later });
    expect(unknown.statusCode).toBe(404);
    expect(status(a.id)).toEqual({ status: 'draft', publish_at: null });
  });

  it('refuses another class\'s lesson as the linked lesson (404 lesson_not_found)', async () => {
    const foreign = await t.store.content.createLesson(SYSTEM, f.classA2, { title: 'Ailleurs', bodyMarkdown: '' });
    const res = await t.app.inject({ method: 'PATCH', url: `/api/assignments/${f.assignmentA}`, headers: auth(f.tokens.teacher), payload: { lessonId: foreign.id } });
    expect([res.statusCode, res.json().error.code]).toEqual([404, 'lesson_not_found']);
    const ok = await t.app.inject({ method: 'PATCH', url: `/api/assignments/${f.assignmentA}`, headers: auth(f.tokens.teacher), payload: { lessonId: f.lessonA } });
    expect([ok.statusCode, ok.json().lessonId]).toEqual([200, f.lessonA]);
  });
});
