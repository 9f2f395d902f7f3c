/**
 * The S3_* variables choose where the media live: all of them, an S3 bucket; none, files in
 * DATA_DIR/blobs; some, a start error that names what is missing. The real server (a child
 * process) says which in its banner, never the secret key, and seeds the demo's media into
 * the bucket (s3rver).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobStoreFromEnv, describeBlobStore } from '../../../../server/blobs/open-blob-store.ts';
import { S3BlobStore } from '../../../../server/blobs/s3-blob-store.ts';
import { openSqliteServer } from '../../../../server/store/sqlite/sqlite-server.ts';
import { startServerProcess, type ServerProcess } from '../console/server-process.ts';
import { startTestS3, type TestS3 } from '../../../helpers/test-s3.ts';

const FULL = {
  S3_ENDPOINT: 'http://minio:9000', S3_BUCKET: 'cartable', S3_REGION: 'eu-west-3',
  S3_ACCESS_KEY_ID: 'cartable', S3_SECRET_ACCESS_KEY: 'tres-secret-42', S3_FORCE_PATH_STYLE: '1',
};

describe('blobStoreFromEnv', () => {
  it('is DATA_DIR/blobs without S3_* and the bucket with all of them', () => {
    expect(blobStoreFromEnv({}, '/srv/data')).toEqual({ kind: 'fs', dir: '/srv/data/blobs' });
    expect(blobStoreFromEnv({ S3_BUCKET: '  ' }, '/srv/data')).toEqual({ kind: 'fs', dir: '/srv/data/blobs' });
    expect(describeBlobStore(blobStoreFromEnv({}, '/srv/data'))).toBe('Media: files in /srv/data/blobs');
    const s3 = blobStoreFromEnv(FULL, '/srv/data');
    expect(s3).toEqual({
      kind: 's3',
      settings: { endpoint: 'http://minio:9000', bucket: 'cartable', region: 'eu-west-3', accessKeyId: 'cartable', secretAccessKey: 'tres-secret-42', forcePathStyle: true },
      spoolDir: '/srv/data/s3-spool',
    });
    const line = describeBlobStore(s3);
    expect(line).toBe('Media: S3 bucket cartable at http://minio:9000 (path-style), region eu-west-3');
    expect(line).not.toContain('tres-secret-42');
    const { S3_REGION: _r, S3_FORCE_PATH_STYLE: _p, ...minimal } = FULL;
    expect(blobStoreFromEnv(minimal, '/d')).toMatchObject({ kind: 's3', settings: { region: 'us-east-1', forcePathStyle: false } });
  });

  it('refuses a half-set S3_* group, naming what is missing, and bad values', () => {
    expect(() => blobStoreFromEnv({ S3_BUCKET: 'cartable' }, '/d')).toThrow('S3_BUCKET is set but S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are missing');
    const { S3_SECRET_ACCESS_KEY: _s, ...noSecret } = FULL;
    expect(() => blobStoreFromEnv(noSecret, '/d')).toThrow(/but S3_SECRET_ACCESS_KEY is missing/);
    expect(() => blobStoreFromEnv({ S3_FORCE_PATH_STYLE: '1' }, '/d')).toThrow(/S3_FORCE_PATH_STYLE is set but/);
    expect(() => blobStoreFromEnv({ ...FULL, S3_ENDPOINT: 'minio:9000' }, '/d')).toThrow(/S3_ENDPOINT must be an http/);
    expect(() => blobStoreFromEnv({ ...FULL, S3_FORCE_PATH_STYLE: 'yes' }, '/d')).toThrow(/S3_FORCE_PATH_STYLE must be 1 or 0/);
    expect(() => blobStoreFromEnv({ ...FULL, S3_BUCKET: 'Mon_Bucket' }, '/d')).toThrow(/S3_BUCKET must be a bucket name/);
  });
});

describe('npm start with S3_*', () => {
  let s3: TestS3;
  const dirs: string[] = [];
  let server: ServerProcess | null = null;
  beforeAll(async () => { s3 = await startTestS3(); });
  afterAll(async () => {
    server?.proc.kill('SIGKILL');
    await s3?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const dataDir = () => { const d = mkdtempSync(join(tmpdir(), 'cartable-s3-start-')); dirs.push(d); return d; };

  it('says it keeps the media in the bucket (never the key) and seeds the demo media there', async () => {
    const dir = dataDir();
    server = await startServerProcess({ DATA_DIR: dir, ...s3.env });
    const out = await server.waitForOutput(/Media: .*\n/);
    expect(out).toContain(`Media: S3 bucket cartable at ${s3.settings.endpoint} (path-style), region us-east-1`);
    expect(out).toContain('Database: SQLite');
    expect(out).not.toContain('S3RVER'); // s3rver's key pair: neither the id nor the secret is printed
    expect(existsSync(join(dir, 'blobs'))).toBe(false);
    server.proc.kill('SIGTERM');
    await server.exited;
    server = null;
    // The demo lessons' image and audio are objects of the bucket, readable by another store.
    const services = openSqliteServer(join(dir, 'cartable.sqlite'), { blobs: new S3BlobStore(s3.settings) });
    try {
      const rows = services.db.db.prepare('SELECT sha256, size FROM blobs').all() as { sha256: string; size: number }[];
      expect(rows.length).toBeGreaterThanOrEqual(2);
      for (const r of rows) expect(await services.blobs.stat(r.sha256)).toEqual({ sha256: r.sha256, size: r.size });
    } finally {
      await services.db.close();
    }
  });

  it('does not start on a half-set S3_* group, and says why', async () => {
    const dir = dataDir();
    const err = await startServerProcess({ DATA_DIR: dir, DEMO: '0', S3_BUCKET: 'cartable', S3_ENDPOINT: s3.settings.endpoint }).then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/server exited \(1\) before listening/);
    expect(err?.message).toContain('Cartable cannot start: S3 object store: S3_ENDPOINT, S3_BUCKET are set but S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are missing');
  });
});
