/**
 * The school server's services, wired at the root over one database and one blob store
 * (SQLite + the filesystem by default; PostgreSQL and an S3 bucket implement the same interfaces).
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
import { AnnotationService } from './content/annotation-service.ts';
import { GradebookService } from './content/gradebook-service.ts';
import { MediaService } from './media/media-service.ts';
import { PaperService } from './paper/paper-service.ts';
import { PaperPackService } from './paper/paper-pack-service.ts';
import { PaperReturnService } from './paper/paper-return-service.ts';
import { CorrectionService } from './paper/correction-service.ts';
import { SyncService } from './sync/sync-service.ts';
import { singleProcessCoordination, type Coordination } from './cluster/coordination.ts';
import { BackupService } from './backup/backup-service.ts';
import { AuditService } from './audit/audit-service.ts';
import { LiveService } from './live/live-service.ts';
import { LivePresence } from './live/live-presence.ts';
import { FollowUpService } from './content/follow-up-service.ts';
import { FeedbackAudioService } from './media/feedback-audio-service.ts';
import { UpdateService } from './updates/update-service.ts';
import { tmpdir } from 'node:os';

export interface Services {
  auth: AuthService;
  school: SchoolService;
  roster: RosterService;
  devices: DeviceService;
  content: ContentService;
  marking: MarkingService;
  annotations: AnnotationService;
  gradebook: GradebookService;
  media: MediaService;
  paper: PaperService;
  /** Paper packs going out (issue 15). */
  paperPacks: PaperPackService;
  paperReturns: PaperReturnService;
  correction: CorrectionService;
  sync: SyncService;
  backup: BackupService;
  audit: AuditService;
  /** The live class (issue 17): sessions, commands, the room. */
  live: LiveService;
  /** Send back to redo, a pupil's own due date, reminders (issue 13). */
  followUp: FollowUpService;
  /** The teacher's spoken comments (issue 13). */
  feedbackAudio: FeedbackAudioService;
  /** Software updates piloted by the server (issue 16). */
  updates: UpdateService;
  /** What the services run on (the CLI's backup and the tests reach it). */
  db: Database;
  blobs: BlobStore;
  /** Upload locks, rate limits and the leader: in memory on one process, in PostgreSQL for several (server/cluster/). */
  coordination: Coordination;
}

/** `workDir` holds backup snapshots and staged restores (DATA_DIR: on the database's disk, never a small /tmp). */
export function createServices(db: Database, blobs: BlobStore, coordination: Coordination = singleProcessCoordination(), workDir = tmpdir()): Services {
  return {
    auth: new AuthService(db),
    school: new SchoolService(db),
    roster: new RosterService(db),
    devices: new DeviceService(db),
    content: new ContentService(db),
    marking: new MarkingService(db),
    annotations: new AnnotationService(db),
    gradebook: new GradebookService(db),
    media: new MediaService(db, blobs),
    paper: new PaperService(db, blobs),
    paperPacks: new PaperPackService(db),
    paperReturns: new PaperReturnService(db, blobs),
    correction: new CorrectionService(db, blobs),
    sync: new SyncService(db),
    backup: new BackupService(db, blobs, workDir),
    audit: new AuditService(db),
    live: new LiveService(db, coordination.live, new LivePresence()),
    followUp: new FollowUpService(db),
    feedbackAudio: new FeedbackAudioService(db, blobs),
    updates: new UpdateService(db),
    db,
    blobs,
    coordination,
  };
}
