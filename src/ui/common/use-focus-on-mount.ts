/**
 * Moves the focus to a screen's heading when the screen appears, so keyboard and
 * screen-reader users start from the new content (and never from a button that was reused
 * for something else).
 */
import { useEffect, useRef } from 'preact/hooks';

export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return ref;
}
