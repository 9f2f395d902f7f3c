import { describe, expect, it } from 'vitest';
import type { Device } from '../../../src/protocol/entities.ts';
import { classSyncSummary, deviceSyncState, RECENT_SYNC_MS } from '../../../src/ui/console/device-sync-status.ts';

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
    ['nothing reported yet (nulls) but synced recently', { pendingCount: null, pendingBytes: null }, 'synced'],
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
  it('ignores revoked tablets', () => {
    expect(classSyncSummary([device({ id: 'a' }), device({ id: 'b', lastSyncAt: null, revokedAt: ago(1000) })], now).allSynced).toBe(true);
  });
  it('is false for a class without tablets (nothing to vouch for)', () => {
    expect(classSyncSummary([], now)).toEqual({ allSynced: false, live: 0, notSynced: [] });
  });
});
