/**
 * What every full-screen layer of the tablet (the camera, an image opened full screen) does
 * with the keyboard: focus moves in when it opens, Tab and Shift+Tab stay inside, Escape
 * closes, and focus goes back to whatever opened it when it closes.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { RefObject } from 'preact';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Returns the ref to put on the layer; `first` (optional) gets the focus, else the first button. */
export function useModalFocus<T extends HTMLElement>(onEscape: () => void, first?: RefObject<HTMLElement | null>): RefObject<T | null> {
  const box = useRef<T | null>(null);
  const escape = useRef(onEscape);
  escape.current = onEscape;
  // Layout effect: focus is inside before the first paint, so a quick key never lands behind.
  useLayoutEffect(() => {
    // The layer's own document and window: the console's preview renders the tablet in a frame.
    const doc = box.current?.ownerDocument ?? document;
    const win = doc.defaultView ?? window;
    const opener = doc.activeElement as HTMLElement | null;
    (first?.current ?? box.current?.querySelector<HTMLElement>(FOCUSABLE) ?? box.current)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        escape.current();
      } else if (e.key === 'Tab' && box.current) {
        const items = Array.from(box.current.querySelectorAll<HTMLElement>(FOCUSABLE));
        if (items.length === 0) return e.preventDefault();
        const i = items.indexOf(doc.activeElement as HTMLElement);
        e.preventDefault();
        items[(i + (e.shiftKey ? -1 : 1) + items.length) % items.length]!.focus();
      }
    };
    win.addEventListener('keydown', onKey);
    return () => {
      win.removeEventListener('keydown', onKey);
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return box;
}
