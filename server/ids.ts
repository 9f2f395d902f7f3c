/** Opaque ids and instants. Ids are random UUIDs: never guessable sequences in URLs. */
import { randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();
export const now = (): string => new Date().toISOString();
