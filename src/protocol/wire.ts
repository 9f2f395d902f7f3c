/**
 * The wire's constants — header names, paths, the protocol version, the device report's
 * header format — with NO TypeBox: the sync worker, the page and the service worker import
 * values from here, while the schemas (auth.ts, sync.ts…) stay server-side values and
 * type-only imports on the client (TypeBox once shipped into the sync worker through
 * `REPORT_HEADER` and `DEVICE_HEADER`). The server imports the same names, so each is defined once.
 */
import type { DeviceReport } from './sync.ts';

/** Wire protocol version: bumped when a client and server of different versions cannot talk. */
export const PROTOCOL_VERSION = 1;

/** Header carrying the device token of an enrolled tablet (Node lower-cases it: `DEVICE_HEADER.toLowerCase()`). */
export const DEVICE_HEADER = 'X-Cartable-Device';

/** The device report riding on a pull (format below). */
export const REPORT_HEADER = 'x-cartable-report';

/** tus answer header: `complete` once the server verified the checksum and stored the bytes. */
export const ATTACHMENT_HEADER = 'X-Cartable-Attachment';

/** The paths the tablet calls (docs/api.md); one constant each, so a bundle keeps only the ones it uses. */
export const ENROL_PATH = '/api/devices/enrol';
export const ROSTER_PATH = '/api/device/roster';
export const STUDENT_LOGIN_PATH = '/api/auth/student';
export const PUSH_PATH = '/api/sync/push';
export const PULL_PATH = '/api/sync/pull';
export const HEALTH_PATH = '/api/health';
/** The tablet's update check-in (issue 16: protocol/app-updates.ts). */
export const APP_STATUS_PATH = '/api/device/app-status';
export const UPLOADS_PATH = '/files/uploads/';

/** At most this many pupils named in a report (a shared tablet has a class on it: 35 is plenty). */
export const MAX_PENDING_STUDENTS = 60;

/**
 * The device report on a pull, when the tablet has nothing to push but its report changed:
 * `pendingCount;pendingBytes;storageUsage;storageQuota;appVersion[;studentId:works,…]` (empty = unknown;
 * the last field, whose work is waiting, is absent from older tablets). Parsed by `parseReportHeader` (sync.ts).
 */
export function formatReportHeader(appVersion: string, r: DeviceReport): string {
  const fields = [r.pendingCount, r.pendingBytes, r.storageUsage ?? '', r.storageQuota ?? '', encodeURIComponent(appVersion)];
  if (r.pendingStudents?.length) fields.push(r.pendingStudents.slice(0, MAX_PENDING_STUDENTS).map((p) => `${p.studentId}:${p.works}`).join(','));
  return fields.join(';');
}
