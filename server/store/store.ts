/**
 * The school server reaches its storage only through this interface. SQLite
 * (`sqlite/sqlite-store.ts`) is the embedded default; a PostgreSQL store can be added
 * for a département without touching the routes. Every method that writes is atomic:
 * it commits everything it changes (records, change log, mutation log) or nothing.
 * Methods are async so that a networked database can implement them.
 */
import type { AuthStore } from './auth-store.ts';
import type { SchoolStore } from './school-store.ts';
import type { RosterStore } from './roster-store.ts';
import type { DeviceStore } from './device-store.ts';
import type { ContentStore } from './content-store.ts';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { PaperStore } from './paper-store.ts';
import type { MediaStore } from './media-store.ts';
import type { SyncStore } from './sync-store.ts';

export interface Store {
  auth: AuthStore;
  school: SchoolStore;
  roster: RosterStore;
  devices: DeviceStore;
  content: ContentStore;
  /** Media bytes, content-addressed (DATA_DIR/blobs by default). */
  blobs: BlobStore;
  /** Attachments, lesson media and the blob catalogue (media area). */
  media: MediaStore;
  /** Push/pull of the tablets (sync area). */
  sync: SyncStore;
  /** Paper homework photographed back into a student's work (console area). */
  paper: PaperStore;
  /** Online backup to a file while the server runs. */
  backup(toFile: string): Promise<void>;
  close(): void;
}
