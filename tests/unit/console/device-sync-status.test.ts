import { describe, expect, it } from 'vitest';
import type { Device } from '../../../src/protocol/entities.ts';
import { classSyncSummary, deviceSyncState, RECENT_SYNC_MS, tabletsHoldingWork, waitingWorks } from '../../../src/ui/console/device-sync-status.ts';

const now = new Date('2027-03-01T16:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const device = (patch: Partial<Device>): Device => ({
  id: 'd', name: 'Tablette 1', classId: 'c', enrolledAt: ago(86_400_000), revokedAt: null, lastSeenAt: ago(60_000), lastSyncAt: ago(60_000),
  appVersion: '1.0.0', pendingCount: 0, pendingBytes: 0, storageUsage: null, storageQuota: null, ...patch,
});

describe('deviceSyncState', () => {
  it.each([
    ['synced a minute ago, nothing waiting', {}, 'synced'],
    ['never synced', { lastSyncAt: null }, 'never'],
    ['items waiting', { pendingCount: 2 }, 'waiting'],
    ['bytes waiting (an upload in progress)', { pendingBytes: 5000 }, 'waiting'],
    ['synced too long ago', { lastSyncAt: ago(RECENT_SYNC_MS + 1000) }, 'stale'],
    // An app that never reported cannot vouch for itself: it must not turn the class green (issue 19).
    ['nothing reported yet (nulls) but synced recently', { pendingCount: null, pendingBytes: null }, 'never'],
    ['synced 14 minutes ago (inside the 15-minute window)', { lastSyncAt: ago(14 * 60_000) }, 'synced'],
    ['synced 16 minutes ago: no news', { lastSyncAt: ago(16 * 60_000) }, 'stale'],
    ['withdrawn with work still on it', { revokedAt: ago(1000), pendingCount: 2 }, 'waiting'],
    // Issue 19: withdrawn, it may hold work done offline since its last report — until it reports again (a refused tablet still does).
    ['withdrawn, nothing waiting at its last report BEFORE the withdrawal', { revokedAt: ago(1000), lastSyncAt: ago(60_000) }, 'unheard'],
    ['withdrawn, reported nothing waiting AFTER the withdrawal', { revokedAt: ago(60_000), lastSyncAt: ago(1000) }, 'revoked'],
    ['withdrawn, never reported, but nobody ever signed in on it', { revokedAt: ago(1000), lastSyncAt: null, pendingCount: null, used: false }, 'revoked'],
    ['withdrawn, never reported, pupils signed in on it', { revokedAt: ago(1000), lastSyncAt: null, pendingCount: null, used: true }, 'unheard'],
    ['withdrawn, reported after the withdrawal with work waiting', { revokedAt: ago(60_000), lastSyncAt: ago(1000), pendingCount: 1 }, 'waiting'],
    ['declared lost (its data is to be erased)', { revokedAt: ago(1000), lostAt: ago(1000), pendingCount: 2 }, 'revoked'],
  ] as const)('%s', (_n, patch, expected) => {
    expect(deviceSyncState(device(patch), now)).toBe(expected);
  });
});

describe('classSyncSummary ("tout est synchronisé")', () => {
  it('is true only when every live tablet is synced', () => {
    expect(classSyncSummary([device({ id: 'a' }), device({ id: 'b' })], now).allSynced).toBe(true);
    const s = classSyncSummary([device({ id: 'a' }), device({ id: 'b', pendingCount: 1 })], now);
    expect(s.allSynced).toBe(false);
    expect(s.notSynced.map((d) => d.id)).toEqual(['b']);
  });
  it('ignores withdrawn tablets known to hold nothing: nobody used them, or they reported so after the withdrawal', () => {
    expect(classSyncSummary([device({ id: 'a' }), device({ id: 'b', lastSyncAt: null, pendingCount: null, revokedAt: ago(1000), used: false })], now).allSynced).toBe(true);
    expect(classSyncSummary([device({ id: 'a' }), device({ id: 'b', lastSyncAt: ago(1000), revokedAt: ago(5000), used: true })], now).allSynced).toBe(true);
  });
  it('a withdrawn tablet silent since its withdrawal keeps it from going green (work done offline may be on it)', () => {
    const s = classSyncSummary([device({ id: 'a' }), device({ id: 'b', lastSyncAt: ago(5000), revokedAt: ago(1000), used: true })], now);
    expect(s.allSynced).toBe(false);
    expect(s.notSynced.map((d) => d.id)).toEqual(['b']);
  });
  it('a tablet outside the class counts by the class’s pupils’ work only, and by work its report did not attribute', () => {
    const visiting = (works: number, unattributed = false) => device({ id: 'cdi', classId: null, pendingCount: 4, visiting: { pupils: [{ studentId: 'h', firstName: 'Hugo', lastName: 'Bernard' }], works, unattributed } });
    expect(classSyncSummary([device({ id: 'a' }), visiting(0)], now).allSynced).toBe(true); // the 4 items are another class's
    expect(deviceSyncState(visiting(1), now)).toBe('waiting');
    expect(deviceSyncState(visiting(0, true), now)).toBe('waiting');
    expect(classSyncSummary([device({ id: 'a' }), device({ id: 'cdi', classId: null, lastSyncAt: ago(20 * 60_000), visiting: { pupils: [], works: 0, unattributed: false } })], now).allSynced).toBe(false);
  });
  it('a tablet not heard from within the window keeps it from going green; the window is the server’s setting', () => {
    const quiet = device({ id: 'b', lastSyncAt: ago(20 * 60_000) });
    expect(classSyncSummary([device({ id: 'a' }), quiet], now).allSynced).toBe(false);
    expect(classSyncSummary([device({ id: 'a' }), quiet], now, 30 * 60_000).allSynced).toBe(true);
  });
  it('a withdrawn tablet still holding Hugo’s work keeps it from going green', () => {
    expect(classSyncSummary([device({ id: 'a' }), device({ id: 'b', revokedAt: ago(1000), pendingCount: 1 })], now).allSynced).toBe(false);
  });
  it('names whose work waits', () => {
    const d = device({ pendingCount: 3, pendingStudents: [{ studentId: 'h', firstName: 'Hugo', lastName: 'Bernard', works: 2 }, { studentId: 'l', firstName: 'Léa', lastName: 'Martin', works: 1 }] });
    expect(waitingWorks(d)).toEqual({ works: 3, names: 'Hugo Bernard, Léa Martin' });
  });
  it('is false for a class without tablets (nothing to vouch for)', () => {
    expect(classSyncSummary([], now)).toEqual({ allSynced: false, live: 0, notSynced: [] });
  });
});

describe('tabletsHoldingWork (the follow screen)', () => {
  it('names, per pupil, the tablets that reported their work waiting — withdrawn ones said so, lost ones not (erased)', () => {
    const hugo = { studentId: 'h', firstName: 'Hugo', lastName: 'Bernard', works: 1 };
    const held = tabletsHoldingWork([
      device({ id: 'a', name: 'Tablette 12', revokedAt: ago(1000), pendingCount: 1, pendingStudents: [hugo] }),
      device({ id: 'b', name: 'CDI 1', pendingCount: 2, pendingStudents: [hugo, { ...hugo, studentId: 'l', works: 0 }] }),
      device({ id: 'c', name: 'Perdue', revokedAt: ago(1000), lostAt: ago(1000), pendingCount: 1, pendingStudents: [hugo] }),
    ]);
    expect(Object.fromEntries(held)).toEqual({ h: [{ name: 'Tablette 12', withdrawn: true }, { name: 'CDI 1', withdrawn: false }] });
  });
});

