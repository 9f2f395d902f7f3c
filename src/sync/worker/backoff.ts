/**
 * When to try again. After failures: exponential backoff with FULL jitter (a random delay
 * between half the step and the step), so 15 tablets that lost the hotspot together do not
 * come back in lock-step. When healthy: a periodic check, jittered by ±20 %.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  periodMs: number;
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 5_000, maxMs: 5 * 60_000, periodMs: 2 * 60_000 };

/** Delay before the next attempt after `failures` consecutive failures (0 = healthy). */
export function nextDelay(failures: number, o: BackoffOptions = DEFAULT_BACKOFF): number {
  const random = o.random ?? Math.random;
  if (failures <= 0) return Math.round(o.periodMs * (0.8 + 0.4 * random()));
  const step = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(failures - 1, 20));
  return Math.round(step / 2 + (step / 2) * random());
}
