/**
 * The wire's constants — header names, paths, the protocol version, the device report's
 * header format — with NO TypeBox: the sync worker, the page and the service worker import
 * values from here, while the schemas (auth.ts, sync.ts…) stay server-side values and
 * type-only imports on the client (TypeBox once shipped into the sync worker through
 * `REPORT_HEADER` and `DEVICE_HEADER`). The server imports the same names, so each is defined once.
 */
import type { DeviceReport } from './sync.ts';

/**
 * The sync protocol (issue 16; docs/updates.md, « Protocol compatibility »). A server keeps
 * several app builds and serves each tablet its own, so tablets of older AND newer builds than
 * the server talk to it. The rule:
 * - `PROTOCOL_VERSION` is what this build speaks. A change a peer of the same version could
 *   ignore (an optional field, a new endpoint an older peer answers 404) keeps it; anything else
 *   bumps it.
 * - `OLDEST_PROTOCOL_VERSION` is the oldest peer this build still talks to: as a server it
 *   serves tablets from it up (and registers only builds in [OLDEST, PROTOCOL_VERSION]); as a
 *   tablet it syncs with servers from it up. Each side checks only the other is not older than
 *   its own OLDEST — the newer side knows what the older one understands, never the reverse.
 * - Each side says its range in `PROTOCOL_HEADER`, `<version>;oldest=<oldest>` (the tablet on
 *   push and pull, the server on every /api answer; /api/health has both too). Absent means 1:
 *   every build before the header. A server refuses, before it reads anything, a tablet too old
 *   for it (426 `protocol_unsupported`) and one that no longer speaks its protocol (409
 *   `protocol_server_outdated`); a tablet asks /api/health before its first send and sends
 *   nothing to a server older than its OLDEST (it waits, its outbox intact).
 * - Unknown fields are ignored both ways (the server's schemas allow them; the tablet reads only
 *   what it knows), so additive changes need no bump.
 */
export const PROTOCOL_VERSION = 1;
export const OLDEST_PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'X-Cartable-Protocol';

/** The protocols a build speaks: `version`, and down to `oldest`. */
export interface ProtocolRange {
  version: number;
  oldest: number;
}

/** This build's range. */
export const PROTOCOL: ProtocolRange = { version: PROTOCOL_VERSION, oldest: OLDEST_PROTOCOL_VERSION };

/** The value of `PROTOCOL_HEADER` for a range. */
export const formatProtocol = (r: ProtocolRange): string => `${r.version};oldest=${r.oldest}`;

/**
 * The range a peer said in `PROTOCOL_HEADER`: absent, a build before the header (1, down to 1);
 * a bare version, down to 1 (nothing known: refuse nothing); unreadable, null (ignored).
 */
export function parseProtocol(header: string | null | undefined): ProtocolRange | null {
  if (header === null || header === undefined || header === '') return { version: 1, oldest: 1 };
  const m = /^([1-9][0-9]{0,3})(?:;oldest=([1-9][0-9]{0,3}))?$/.exec(header.trim());
  if (!m) return null;
  const r = { version: Number(m[1]), oldest: m[2] ? Number(m[2]) : 1 };
  return r.oldest <= r.version ? r : null;
}

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
/** The media type of a pull answered as frames (`?stream=1`: one page per line; protocol/sync.ts). */
export const PULL_FRAMES_TYPE = 'application/x-ndjson';
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
