/** A large-key PIN pad (touch) that also takes digits, Backspace and Enter from a keyboard. */
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/i18n.ts';

export const MAX_SECRET_LENGTH = 12;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export interface PinPadProps {
  value: string;
  onChange(value: string): void;
  /** Called with the secret typed so far. */
  onSubmit(secret: string): void;
  disabled: boolean;
}

export function PinPad({ value, onChange, onSubmit, disabled }: PinPadProps) {
  // Fast typing can outrun a render: each key builds on the latest value, not the rendered one.
  const latest = useRef(value);
  latest.current = value;
  const set = (next: string) => {
    latest.current = next;
    onChange(next);
  };
  const add = (d: string) => {
    if (!disabled && latest.current.length < MAX_SECRET_LENGTH) set(latest.current + d);
  };
  const erase = () => set(latest.current.slice(0, -1));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLButtonElement && (e.key === 'Enter' || e.key === ' ')) return; // the button handles it
      if (/^[0-9]$/.test(e.key)) {
        e.preventDefault();
        add(e.key);
      } else if (e.key === 'Backspace') {
        e.preventDefault();
        erase();
      } else if (e.key === 'Enter' && latest.current.length > 0 && !disabled) {
        e.preventDefault();
        onSubmit(latest.current);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  return (
    <div>
      <div class="pin-display" aria-hidden="true">
        {'•'.repeat(value.length) || '\u00a0'}
      </div>
      <p class="visually-hidden" aria-live="polite">
        {t('signin.digits', { count: value.length })}
      </p>
      <div class="pin-pad" role="group" aria-label={t('signin.secretLabel')}>
        {KEYS.map((d) => (
          <button type="button" key={d} onClick={() => add(d)} disabled={disabled}>
            {d}
          </button>
        ))}
        <button type="button" class="small" onClick={erase} disabled={disabled || value.length === 0}>
          {t('signin.erase')}
        </button>
        <button type="button" onClick={() => add('0')} disabled={disabled}>
          0
        </button>
        <button type="button" class="small primary" onClick={() => onSubmit(latest.current)} disabled={disabled || value.length === 0}>
          {t('signin.ok')}
        </button>
      </div>
    </div>
  );
}
