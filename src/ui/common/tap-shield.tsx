/**
 * A transparent layer over the whole screen for a moment, so the second tap of a double tap
 * lands on nothing: not on the dialog that the first tap opened, nor on the text box under
 * the dialog that the first tap closed. Keyboard focus is untouched.
 */
import { useEffect, useState } from 'preact/hooks';

/** Taps sooner than this after a dialog opens or closes are taken for a double tap's second one. */
export const DOUBLE_TAP_GUARD_MS = 400;

export function TapShield({ ms = DOUBLE_TAP_GUARD_MS }: { ms?: number }) {
  const [on, setOn] = useState(true);
  useEffect(() => {
    const id = setTimeout(() => setOn(false), ms);
    return () => clearTimeout(id);
  }, [ms]);
  return on ? <div class="tap-shield" aria-hidden="true" /> : null;
}
