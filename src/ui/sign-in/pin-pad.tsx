/**
 * A large-key PIN pad (touch) that also takes digits, Backspace and Enter from a keyboard.
 * When the pupil's code length is known (from the student card), it shows one box per digit
 * and « Valider » works exactly when every box is filled.
 */
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
  /** How many digits the code has (null: not known, any length up to MAX_SECRET_LENGTH). */
  length?: number | null;
}

export function PinPad({ value, onChange, onSubmit, disabled, length = null }: PinPadProps) {
  const max = length ?? MAX_SECRET_LENGTH;
  const complete = (v: string) => (length ? v.length === length : v.length > 0);
  // Fast typing can outrun a render: each key builds on the latest value, not the rendered one.
  const latest = useRef(value);
  latest.current = value;
  const set = (next: string) => {
    latest.current = next;
    onChange(next);
  };
  const add = (d: string) => {
    if (!disabled && latest.current.length < max) set(latest.current + d);
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
      } else if (e.key === 'Enter' && complete(latest.current) && !disabled) {
        e.preventDefault();
        onSubmit(latest.current);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  return (
    <div>
      {length ? (
        <div class="pin-boxes" aria-hidden="true">
          {Array.from({ length }, (_, i) => (
            <span key={i} class={i < value.length ? 'filled' : ''}>{i < value.length ? '•' : ''}</span>
          ))}
        </div>
      ) : (
        <div class="pin-display" aria-hidden="true">
          {'•'.repeat(value.length) || '\u00a0'}
        </div>
      )}
      <p class="visually-hidden" aria-live="polite">
        {length ? t('signin.digitsOf', { count: value.length, total: length }) : t('signin.digits', { count: value.length })}
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
        <button type="button" class="small primary" onClick={() => onSubmit(latest.current)} disabled={disabled || !complete(value)}>
          {t('signin.ok')}
        </button>
      </div>
    </div>
  );
}
