/** Enrolment codes: short, read aloud and typed by children, stored as a hash only. */
import { randomInt } from 'node:crypto';
import { hashToken } from '../auth/secrets.ts';

/** A code lives a week and admits a whole class case of tablets (15) twice over. */
export const CODE_TTL_MS = 7 * 24 * 3600_000;
export const CODE_USES = 30;
/** No 0/O, 1/I/L: codes are read aloud and typed by children. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A new code, "ABCD-EFGH" (8 random symbols: 31^8 ≈ 8.5e11, with rate-limited tries). */
export function newEnrolmentCode(): string {
  const s = Array.from({ length: 8 }, () => ALPHABET[randomInt(0, ALPHABET.length)]).join('');
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Codes compare without case, spaces or dashes. */
export const hashEnrolmentCode = (code: string) => hashToken(`enrol:${code.toUpperCase().replace(/[\s-]/g, '')}`);
