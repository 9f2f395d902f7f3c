/**
 * A modal confirmation (focus moves in, Escape cancels, focus returns to the opener). A tap
 * in the first moments after it opens is ignored: the second tap of a double tap on the
 * button that opened it must not confirm. A `danger` confirmation (deleting) starts on the
 * safe button.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { TapShield } from '../common/tap-shield.tsx';
import '../../i18n/work-messages.ts'; // this screen's French words travel with it

export interface ConfirmDialogProps {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm(): void;
  onCancel(): void;
  /** Destructive: the confirm button is red and focus starts on cancel. */
  danger?: boolean;
}

export function ConfirmDialog({ title, children, confirmLabel, cancelLabel, onConfirm, onCancel, danger = false }: ConfirmDialogProps) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLDivElement>(null);

  // Layout effect, not effect: focus must be inside the dialog before it is painted, or a quick
  // Enter from the keyboard lands on the button that opened it.
  useLayoutEffect(() => {
    // The dialog's own document and window: the console's preview renders the tablet in a frame.
    const doc = box.current?.ownerDocument ?? document;
    const win = doc.defaultView ?? window;
    const opener = doc.activeElement as HTMLElement | null;
    (danger ? cancelRef : confirmRef).current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onCancel();
      if (e.key === 'Tab' && box.current) {
        // Keep focus inside the dialog.
        const buttons = Array.from(box.current.querySelectorAll('button'));
        const i = buttons.indexOf(doc.activeElement as HTMLButtonElement);
        const next = (i + (e.shiftKey ? -1 : 1) + buttons.length) % buttons.length;
        e.preventDefault();
        buttons[next]?.focus();
      }
    };
    win.addEventListener('keydown', onKey);
    return () => {
      win.removeEventListener('keydown', onKey);
      opener?.focus();
    };
  }, []);
  return (
    <div class="dialog-backdrop">
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" ref={box}>
        <h2 id="dialog-title">{title}</h2>
        {children}
        <div class="row">
          <button type="button" class={danger ? 'danger' : 'primary'} ref={confirmRef} onClick={onConfirm}>
            {confirmLabel}
          </button>
          <button type="button" ref={cancelRef} onClick={onCancel}>
            {cancelLabel}
          </button>
        </div>
      </div>
      <TapShield />
    </div>
  );
}
