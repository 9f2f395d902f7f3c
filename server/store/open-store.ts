/**
 * Which database the server runs on. DATABASE_URL=postgres://… selects PostgreSQL; without it,
 * SQLite in DATA_DIR (cartable.sqlite), as always. Where the media go is chosen apart, by S3_*
 * (server/blobs/open-blob-store.ts).
 */
import { join } from 'node:path';

export type StoreChoice = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export function storeFromEnv(env: NodeJS.ProcessEnv, dataDir: string): StoreChoice {
  const url = env.DATABASE_URL?.trim();
  if (!url) return { kind: 'sqlite', file: join(dataDir, 'cartable.sqlite') };
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database), or unset for SQLite.');
  return { kind: 'postgres', url };
}

/** One line for the start banner; a PostgreSQL URL without its password. */
export function describeStore(s: StoreChoice): string {
  if (s.kind === 'sqlite') return `Database: SQLite, ${s.file}`;
  const u = new URL(s.url);
  if (u.password) u.password = '***';
  return `Database: PostgreSQL, ${u.toString()}`;
}
