/**
 * Lesson media prefetch belongs to the sync worker: after a pull that brought something (and
 * after its first cycle) the controller runs its `afterPull` step; the URLs are those of the
 * lessons each signed-in pupil may see — fake-indexeddb, the real in-process server.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/test-app.ts';
import { useSyncServer } from '../../helpers/sync-server.ts';
import { createClass, createGroup, createStudent, enrolDevice, makeTablet, openSession, publishLesson, type School } from '../../helpers/sync-fixtures.ts';
import { SyncController } from '../../../src/sync/worker/sync-controller.ts';
import { assignmentMediaUrls, mediaUrlsFor } from '../../../src/db/lesson-media.ts';
import type { Assignment, MediaRef } from '../../../src/protocol/entities.ts';
import { warmLessonMediaForSessions } from '../../../src/sync/worker/warm-lesson-media.ts';

let t: TestApp;
let url: string;
let school: School;
useSyncServer((started) => ({ t, url, school } = started));

async function tablet() {
  const classId = createClass(t.store, school);
  const lea = createStudent(t.store, school, classId, 'Léa');
  const tom = createStudent(t.store, school, classId, 'Tom');
  const group = createGroup(t.store, classId, [tom]);
  publishLesson(t.store, school, { classId, body: 'Regarde ![carte](/media/m-class)' });
  publishLesson(t.store, school, { classId, groupId: group, body: 'Pour le groupe ![x](/media/m-group)' });
  const device = enrolDevice(t.store, school, classId);
  const db = await makeTablet(device, school, [
    { studentId: lea, classId, token: openSession(t.store, lea, device.deviceId) },
    { studentId: tom, classId, token: openSession(t.store, tom, device.deviceId) },
  ]);
  return { db, lea, tom, classId };
}

describe('lesson media after a pull, in the worker', () => {
  it('runs after the first cycle and after a pull that brought changes, not after a no-change sync', async () => {
    const s = await tablet();
    let runs = 0;
    const c = new SyncController({ db: s.db, baseUrl: url, appVersion: 'test', uploader: null, timers: false, afterPull: async () => { runs++; } });
    await c.syncNow('start');
    expect(runs).toBe(1);
    await c.syncNow('button'); // nothing new
    expect(runs).toBe(1);
    publishLesson(t.store, school, { classId: s.classId, body: 'Nouvelle ![y](/media/m-new)' });
    await c.syncNow('button');
    expect(runs).toBe(2);
    // its failure is not the sync's
    const failing = new SyncController({ db: s.db, baseUrl: url, appVersion: 'test', uploader: null, timers: false, afterPull: async () => { throw new Error('cache gone'); } });
    await failing.syncNow('start');
    expect(failing.getStatus().state).toBe('idle');
    expect(failing.getStatus().lastError).toBeNull();
  });

  it('each pupil’s URLs are the lessons published to them (class, their groups), from the pulled records', async () => {
    const s = await tablet();
    await new SyncController({ db: s.db, baseUrl: url, appVersion: 'test', uploader: null, timers: false }).syncNow('start');
    expect((await mediaUrlsFor(s.db, s.lea)).sort()).toEqual(['/media/m-class']);
    expect((await mediaUrlsFor(s.db, s.tom)).sort()).toEqual(['/media/m-class', '/media/m-group']);
    expect(await mediaUrlsFor(s.db, 'never-signed-in-here')).toEqual([]);
  });

  it('adds the images and sounds of the assignments published to each pupil (instructions and questions), not of drafts or other groups', async () => {
    const s = await tablet();
    await new SyncController({ db: s.db, baseUrl: url, appVersion: 'test', uploader: null, timers: false }).syncNow('start');
    const media = (id: string, questionId: string | null): MediaRef => ({ id, kind: 'image', mime: 'image/png', size: 1, sha256: 'x', name: `${id}.png`, description: '', questionId, url: `/media/${id}` });
    const group = (await s.db.groups.toArray())[0]!.id;
    const base: Assignment = {
      id: 'a1', classId: s.classId, groupId: null, title: 'Fractions', instructionsMarkdown: 'Regarde.', dueAt: null, questions: [],
      version: 1, status: 'published', publishedAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    };
    await s.db.assignments.bulkPut([
      { ...base, media: [media('a-instr', null), media('a-q1', 'q1')] },
      { ...base, id: 'a2', groupId: group, media: [media('a-group', 'q1')] },
      { ...base, id: 'a3', status: 'draft', publishedAt: null, media: [media('a-draft', null)] },
      { ...base, id: 'a4', media: undefined }, // from a server before schema 014
    ]);
    expect((await mediaUrlsFor(s.db, s.lea)).sort()).toEqual(['/media/a-instr', '/media/a-q1', '/media/m-class']);
    expect((await mediaUrlsFor(s.db, s.tom)).sort()).toEqual(['/media/a-group', '/media/a-instr', '/media/a-q1', '/media/m-class', '/media/m-group']);
  });

  it('an assignment\'s URLs: its media list and those its instructions name, once each', () => {
    const m: MediaRef = { id: 'i1', kind: 'audio', mime: 'audio/wav', size: 1, sha256: 'x', name: 'consigne.wav', questionId: null, url: '/media/i1' };
    expect(assignmentMediaUrls({ media: [m], instructionsMarkdown: 'Écoute [la consigne](/media/i1) puis ![carte](/media/i2).' })).toEqual(['/media/i1', '/media/i2']);
    expect(assignmentMediaUrls({ instructionsMarkdown: '' })).toEqual([]);
  });

  it('without Cache Storage (not a browser) it does nothing', async () => {
    const s = await tablet();
    expect(typeof caches).toBe('undefined');
    expect(await warmLessonMediaForSessions(s.db, url)).toBeNull();
  });
});
