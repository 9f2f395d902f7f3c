/**
 * Where the media live. S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY
 * (with S3_REGION, default us-east-1, and S3_FORCE_PATH_STYLE=1 for MinIO-style URLs) select
 * an S3-compatible bucket; none of them: files in DATA_DIR/blobs, as always. Some but not all
 * is a start error naming what is missing — a server that silently wrote pupils' photos to
 * its local disk while its operator believed them in the bucket would lose them at the next
 * redeploy. Chosen here once, for the server (server/main.ts) and the admin CLI alike.
 */
import { join } from 'node:path';
import type { BlobStore } from './blob-store.ts';
import { FsBlobStore } from './fs-blob-store.ts';
import { S3BlobStore, type S3Settings } from './s3-blob-store.ts';

export type BlobStoreChoice = { kind: 'fs'; dir: string } | { kind: 's3'; settings: S3Settings; spoolDir: string };

const REQUIRED = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
const OPTIONAL = ['S3_REGION', 'S3_FORCE_PATH_STYLE'] as const;

/** The blob store the environment asks for; throws (a start error) on a half-set S3_* group. */
export function blobStoreFromEnv(env: NodeJS.ProcessEnv, dataDir: string): BlobStoreChoice {
  const value = (k: string) => env[k]?.trim() || undefined;
  const set = [...REQUIRED, ...OPTIONAL].filter((k) => value(k) !== undefined);
  if (set.length === 0) return { kind: 'fs', dir: join(dataDir, 'blobs') };
  const missing = REQUIRED.filter((k) => value(k) === undefined);
  if (missing.length) {
    throw new Error(`S3 object store: ${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing. Set them all (README, « PostgreSQL »), or none for files in DATA_DIR/blobs.`);
  }
  const endpoint = value('S3_ENDPOINT')!;
  if (!/^https?:\/\/[^/]/.test(endpoint)) throw new Error(`S3_ENDPOINT must be an http(s) URL (http://minio:9000), got "${endpoint}".`);
  const pathStyle = value('S3_FORCE_PATH_STYLE') ?? '0';
  if (!['0', '1', 'true', 'false'].includes(pathStyle)) throw new Error(`S3_FORCE_PATH_STYLE must be 1 or 0, got "${pathStyle}".`);
  const bucket = value('S3_BUCKET')!;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new Error(`S3_BUCKET must be a bucket name (3 to 63 lowercase letters, digits, dots, dashes), got "${bucket}".`);
  return {
    kind: 's3',
    settings: {
      endpoint,
      bucket,
      region: value('S3_REGION') ?? 'us-east-1',
      accessKeyId: value('S3_ACCESS_KEY_ID')!,
      secretAccessKey: value('S3_SECRET_ACCESS_KEY')!,
      forcePathStyle: pathStyle === '1' || pathStyle === 'true',
    },
    // Streams are hashed into a temp file before they are sent: inside DATA_DIR, private (0700).
    spoolDir: join(dataDir, 's3-spool'),
  };
}

/** Opens the chosen store. */
export function openBlobStore(choice: BlobStoreChoice): BlobStore {
  return choice.kind === 'fs' ? new FsBlobStore(choice.dir) : new S3BlobStore(choice.settings, { spoolDir: choice.spoolDir });
}

/** One line for the start banner: where the media go, never a key. */
export function describeBlobStore(choice: BlobStoreChoice): string {
  if (choice.kind === 'fs') return `Media: files in ${choice.dir}`;
  return `Media: S3 bucket ${choice.settings.bucket} at ${choice.settings.endpoint}${choice.settings.forcePathStyle ? ' (path-style)' : ''}, region ${choice.settings.region}`;
}
