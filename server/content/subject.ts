/** A subject as stored: trimmed; blank means none (null); undefined stays undefined (keep what is stored). */
export const cleanSubject = (s: string | null | undefined): string | null | undefined => (s === undefined ? undefined : s?.trim() || null);
