/** The app's one database instance (page and workers each open their own connection to it). */
import { CartableDb } from './schema.ts';

export const db = new CartableDb('cartable');
