/**
 * Signs the console out after `minutes` without a touch, a click or a key (the kit's mini-PC
 * is shared: an adult who walks away must not leave pupils' work open), with a warning a
 * minute before (`warning`: the seconds left, or null). Any activity — including « Rester
 * connecté·e » — starts the count again. Timers only (setTimeout/setInterval), so a test
 * moves time with a faked clock.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

/** The warning shows this long before the sign-out. */
export const IDLE_WARNING_MS = 60_000;
const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export function useIdleSignOut(minutes: number | null, onIdle: () => void): { warning: number | null } {
  const [warning, setWarning] = useState<number | null>(null);
  const idle = useRef(onIdle);
  idle.current = onIdle;
  useEffect(() => {
    if (!minutes) return;
    const idleMs = minutes * 60_000;
    let warnTimer: ReturnType<typeof setTimeout> | undefined;
    let outTimer: ReturnType<typeof setTimeout> | undefined;
    let tick: ReturnType<typeof setInterval> | undefined;
    const clear = () => {
      clearTimeout(warnTimer);
      clearTimeout(outTimer);
      clearInterval(tick);
    };
    const arm = () => {
      clear();
      setWarning(null);
      warnTimer = setTimeout(() => {
        let left = Math.round(Math.min(IDLE_WARNING_MS, idleMs) / 1000);
        setWarning(left);
        tick = setInterval(() => setWarning((left = Math.max(0, left - 1))), 1000);
      }, Math.max(0, idleMs - IDLE_WARNING_MS));
      outTimer = setTimeout(() => {
        clear();
        setWarning(null);
        idle.current();
      }, idleMs);
    };
    arm();
    for (const e of ACTIVITY) addEventListener(e, arm, { passive: true, capture: true });
    return () => {
      clear();
      for (const e of ACTIVITY) removeEventListener(e, arm, { capture: true });
    };
  }, [minutes]);
  return { warning };
}
