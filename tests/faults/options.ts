/**
 * The sizes of `npm run test:faults`: the reduced run (what CI runs, inside the e2e suite:
 * tests/e2e/faults.test.ts) and the full one (FAULTS_FULL=1: ≥ 1,000 faults). FAULTS_SEED
 * replays a run; FAULTS_SECONDS, FAULTS_TABLETS and FAULTS_BROWSER_TABLETS override.
 */
import type { FaultRunOptions } from './fault-run.ts';

/** The class hotspot: 60 ms round trip, 12 Mbit/s down, 3 Mbit/s up, shared by every tablet. */
export const HOTSPOT = { rttMs: 60, downBitsPerSec: 12e6, upBitsPerSec: 3e6 };

export function faultOptions(env: NodeJS.ProcessEnv = process.env): Omit<FaultRunOptions, 'staticDir' | 'launchBrowser' | 'log'> {
  const full = env.FAULTS_FULL === '1';
  const num = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
  return {
    nodeTablets: num('FAULTS_TABLETS', full ? 15 : 5),
    browserTablets: num('FAULTS_BROWSER_TABLETS', full ? 3 : 1),
    pupilsPerTablet: full ? 3 : 2,
    assignmentsPerClass: full ? 3 : 2,
    durationMs: num('FAULTS_SECONDS', full ? 240 : 25) * 1000,
    maxDurationMs: (full ? 1200 : 75) * 1000,
    killEveryMs: full ? 25_000 : 9_000,
    photoBytes: full ? [60_000, 250_000] : [20_000, 60_000],
    shape: HOTSPOT,
    faults: {
      streamCutMeanBytes: { up: 80_000, down: 25_000 },
      requestCutProbability: 0.08,
      idleCutPerSecond: 0.05,
      duplicateProbability: 0.08,
      maxJitterMs: 30,
    },
    appKillProbability: 0.08,
    seed: num('FAULTS_SEED', Math.floor(Math.random() * 1e6)),
    minFaults: full ? 1000 : 40,
  };
}
