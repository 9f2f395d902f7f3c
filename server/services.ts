/**
 * The school server's services, wired at the root over one database and one blob store
 * (SQLite + the filesystem by default; PostgreSQL and S3 can implement the same interfaces).
 * Routes, the admin CLI, the demo seed and the tests all go through these.
 */
import type { Database } from './store/repositories.ts';
import type { BlobStore } from './blobs/blob-store.ts';
import { AuthService } from './auth/auth-service.ts';
import { SchoolService } from './school/school-service.ts';
import { RosterService } from './roster/roster-service.ts';
import { DeviceService } from './devices/device-service.ts';
import { ContentService } from './content/content-service.ts';
import { MarkingService } from './content/marking-service.ts';
import { MediaService } from './media/media-service.ts';
import { PaperService } from './paper/paper-service.ts';
import { SyncService } from './sync/sync-service.ts';

export interface Services {
  auth: AuthService;
  school: SchoolService;
  roster: RosterService;
  devices: DeviceService;
  content: ContentService;
  marking: MarkingService;
  media: MediaService;
  paper: PaperService;
  sync: SyncService;
  /** What the services run on (the CLI's backup and the tests reach it). */
  db: Database;
  blobs: BlobStore;
}

export function createServices(db: Database, blobs: BlobStore): Services {
  return {
    auth: new AuthService(db),
    school: new SchoolService(db),
    roster: new RosterService(db),
    devices: new DeviceService(db),
    content: new ContentService(db),
    marking: new MarkingService(db),
    media: new MediaService(db, blobs),
    paper: new PaperService(db, blobs),
    sync: new SyncService(db),
    db,
    blobs,
  };
}
