/**
 * A tablet's "last seen" and "last synced" stamps are kept to the half-minute: a tablet asking
 * every few seconds costs no write each time. The repositories write a stamp only when the
 * stored one is older (their SQL condition, which holds under concurrent requests); a caller
 * that has just read the stamp skips the statement altogether (on PostgreSQL a round trip, and
 * the transaction around it: see pg-session.ts).
 */

/** The resolution of the stamps. */
export const STAMP_RESOLUTION_MS = 30_000;

/** A stored stamp older than this instant is written again. */
export const staleBefore = (at: string) => new Date(Date.parse(at) - STAMP_RESOLUTION_MS).toISOString();

/** The stamp read a moment ago needs no write at `at` (the repository's condition would skip it). */
export const stampIsFresh = (stamp: string | null | undefined, at: string) => !!stamp && stamp >= staleBefore(at);
