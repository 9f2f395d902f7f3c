/** School time (src/ui/console/paris-time.ts): typed and shown in Paris time whatever the browser's zone, sent as UTC. */
import { describe, expect, it } from 'vitest';
import { formatParisWhen, isoToParisInput, parisInputToIso } from '../../../src/ui/console/paris-time.ts';

describe('Paris time for scheduled publishing', () => {
  it.each([
    // winter (UTC+1), summer (UTC+2), the nights the clocks change
    ['2026-12-08T08:00', '2026-12-08T07:00:00.000Z'],
    ['2027-06-15T08:30', '2027-06-15T06:30:00.000Z'],
    ['2027-03-28T01:30', '2027-03-28T00:30:00.000Z'],
    ['2027-03-28T03:30', '2027-03-28T01:30:00.000Z'],
    ['2027-10-31T12:00', '2027-10-31T11:00:00.000Z'],
  ])('reads %s as Paris time → %s, and back', (local, utc) => {
    expect(parisInputToIso(local)).toBe(utc);
    expect(isoToParisInput(utc)).toBe(local);
  });

  it('moves a time the spring-forward night skips to a real instant, and refuses what is not a date', () => {
    expect(parisInputToIso('2027-03-28T02:30')).toMatch(/^2027-03-28T0[01]:30:00\.000Z$/);
    expect(parisInputToIso('')).toBeNull();
    expect(parisInputToIso('mardi 8 h')).toBeNull();
    expect(parisInputToIso('2027-13-01T08:00')).toBeNull();
    expect(isoToParisInput(null)).toBe('');
  });

  it('says the day as a teacher does: « mardi 8 décembre à 8 h 00 », the year only when it is another', () => {
    const now = new Date('2026-12-02T12:00:00.000Z');
    expect(formatParisWhen('2026-12-08T07:00:00.000Z', 'fr', now)).toBe('mardi 8 décembre à 8 h 00');
    expect(formatParisWhen('2027-01-04T07:05:00.000Z', 'fr', now)).toBe('lundi 4 janvier 2027 à 8 h 05');
    // 23:30 UTC on the 8th is already the 9th in Paris.
    expect(formatParisWhen('2026-12-08T23:30:00.000Z', 'fr', now)).toBe('mercredi 9 décembre à 0 h 30');
    expect(formatParisWhen('2026-12-08T07:00:00.000Z', 'en', now)).toBe('Tuesday 8 December at 08:00');
  });
});
