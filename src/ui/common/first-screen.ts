/**
 * « The first screen is on the tablet »: LazyRoute marks it when a screen's chunk has
 * rendered, and the page then loads what the pupil does not need to see it (the service
 * worker registration), so that never competes with the first screen's JavaScript.
 */
let shown: () => void = () => undefined;
const firstScreen = new Promise<void>((resolve) => (shown = resolve));

/** Called once a screen rendered (idempotent). */
export function markFirstScreenShown(): void {
  shown();
}

/** Resolves when the first screen is shown (never, on a start that fails). */
export function firstScreenShown(): Promise<void> {
  return firstScreen;
}

/** Resolves when the first screen is shown, or after `maxWaitMs` whatever happens. */
export function whenFirstScreenShown(maxWaitMs = 10_000): Promise<void> {
  return Promise.race([firstScreen, new Promise<void>((resolve) => setTimeout(resolve, maxWaitMs))]);
}

