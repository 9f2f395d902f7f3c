/**
 * A real S3-compatible server for one test file: s3rver 3.7 (put/get/head/range/multipart,
 * signatures checked with its fixed key pair S3RVER/S3RVER) on 127.0.0.1 at a free port,
 * storing its objects in a temp dir, with one bucket created. `stop()` (in afterAll) closes it
 * and removes the dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3Settings } from '../../server/blobs/s3-blob-store.ts';

export interface TestS3 {
  /** What an S3BlobStore (or the S3_* env) needs to reach the bucket. */
  settings: S3Settings;
  /** The same as S3_* environment variables, for a server or CLI started as a process. */
  env: Record<string, string>;
  /** Where s3rver keeps the objects (to check what landed in the bucket). */
  dir: string;
  stop(): Promise<void>;
}

export async function startTestS3(bucket = 'cartable'): Promise<TestS3> {
  const dir = mkdtempSync(join(tmpdir(), 'cartable-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  const settings: S3Settings = {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  };
  return {
    settings,
    dir,
    env: {
      S3_ENDPOINT: settings.endpoint, S3_BUCKET: bucket, S3_REGION: settings.region,
      S3_ACCESS_KEY_ID: settings.accessKeyId, S3_SECRET_ACCESS_KEY: settings.secretAccessKey, S3_FORCE_PATH_STYLE: '1',
    },
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
