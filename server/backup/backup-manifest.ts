/**
 * The backup archive's manifest (`manifest.json`, its first entry): what the archive holds and
 * how to check it — the format and schema versions, the schools, the number of rows of every
 * table, and the SHA-256 of the database file and of every blob. Read from the database
 * snapshot itself, so the figures describe exactly the file that travels.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

/** Names this product's archives (another tar is refused). */
export const BACKUP_FORMAT = 'cartable-backup';
/**
 * Bumped when the archive's layout changes; a newer one is refused by an older server.
 * 2: the app builds (DATA_DIR/builds) travel too — `builds` in the manifest, `buildfiles/<sha256>`.
 */
export const BACKUP_FORMAT_VERSION = 2;
export const DATABASE_ENTRY = 'cartable.sqlite';
export const MANIFEST_ENTRY = 'manifest.json';
export const blobEntry = (sha256: string) => `blobs/${sha256}`;
/** A file of an app build, once per content (tar names stay short whatever the file's path). */
export const buildFileEntry = (sha256: string) => `buildfiles/${sha256}`;

/** One app build's folder (DATA_DIR/builds/<files>): each file's path in it, its SHA-256 and size. */
export interface BackupBuild {
  files: string;
  entries: { path: string; sha256: string; size: number }[];
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  /** The database's schema version (its highest migration). */
  schemaVersion: number;
  /** Which server key the passwords and secrets were hashed with (8 hex of its SHA-256; the key is never in the archive). */
  serverKeyId: string;
  schools: { id: string; name: string }[];
  /** Rows per table of the database file. */
  counts: Record<string, number>;
  database: { name: string; size: number; sha256: string };
  blobs: { sha256: string; size: number }[];
  /** The app builds the database names whose folder was on the server (format 2; absent in format 1). */
  builds?: BackupBuild[];
}

/** SHA-256 (hex) and size of a file. */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(createReadStream(file), async function* (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      hash.update(chunk);
      size += chunk.length;
    }
    yield* [];
  });
  return { sha256: hash.digest('hex'), size };
}

/** What a database file holds: schema version, schools, rows per table, and every blob it references. */
export function describeDatabase(file: string): Pick<BackupManifest, 'schemaVersion' | 'schools' | 'counts'> & { blobs: { sha256: string; size: number }[]; buildFolders: string[] } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    const counts: Record<string, number> = {};
    for (const t of tables) counts[t] = db.prepare(`SELECT COUNT(*) FROM "${t.replace(/"/g, '""')}"`).pluck().get() as number;
    const schemaVersion = (db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number | null) ?? 0;
    const schools = db.prepare<[], { id: string; name: string }>('SELECT id, name FROM schools ORDER BY name').all();
    // The catalog, plus any attachment, lesson medium or spoken comment naming bytes (a complete one always has its row).
    const blobs = db.prepare<[], { sha256: string; size: number }>(`
      SELECT sha256, MAX(size) AS size FROM (
        SELECT sha256, size FROM blobs
        UNION ALL SELECT sha256, size FROM attachments WHERE complete = 1
        UNION ALL SELECT sha256, size FROM lesson_media
        UNION ALL SELECT sha256, size FROM feedback_audio
      ) GROUP BY sha256 ORDER BY sha256`).all();
    // The app builds' folders (content hashes); a database from before builds were kept has none.
    const buildFolders = 'app_builds' in counts ? db.prepare('SELECT DISTINCT files FROM app_builds ORDER BY files').pluck().all() as string[] : [];
    return { schemaVersion, schools, counts, blobs, buildFolders };
  } finally {
    db.close();
  }
}
