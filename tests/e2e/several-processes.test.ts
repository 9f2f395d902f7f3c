/**
 * Two real server processes (`node --import tsx server/main.ts`) on one throwaway PostgreSQL,
 * one shared DATA_DIR and — as docs/SCALING.md deploys them — one S3 bucket (s3rver), behind a
 * proxy that sends every request to the other process in turn; the same again with the media in
 * the shared DATA_DIR instead of a bucket. A tablet — the app's own sync engine and tus
 * uploader, on fake-indexeddb — enrols, signs a pupil in, syncs, and hands in a photo assignment
 * with two photos; the first upload PATCH that reaches process 1 is cut after 100 KB, and the
 * upload resumes on process 2. At the end: one submission, one revision, two complete
 * attachments whose blobs are byte-identical to the photos — in the bucket exactly once each,
 * nothing else there but the demo's media, nothing in DATA_DIR/blobs — the tablet's outbox
 * empty, both processes served requests. Then the leader process is killed (-9) and the other
 * one takes the scheduled jobs over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startServerProcess, type ServerProcess } from '../unit/server/console/server-process.ts';
import { startTestPostgres, type TestPostgres } from '../helpers/test-postgres.ts';
import { startTestS3, type TestS3 } from '../helpers/test-s3.ts';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { S3BlobStore } from '../../server/blobs/s3-blob-store.ts';
import { startAlternatingProxy, type AlternatingProxy } from '../helpers/alternating-proxy.ts';
import { makeTablet } from '../helpers/sync-fixtures.ts';
import { SyncEngine } from '../../src/sync/worker/sync-engine.ts';
import { loadAttachmentUploader } from '../../src/sync/worker/attachment-uploads.ts';
import { addAttachment, submitWork } from '../../src/db/work-repository.ts';
import { DEVICE_HEADER } from '../../src/protocol/auth.ts';
import type { DemoInfo } from '../../server/seed/demo-school.ts';
import type { DeviceRoster, EnrolResponse } from '../../src/protocol/console.ts';

/** A JPEG as the tablet's compressor makes it (magic bytes, then noise that does not compress). */
function photo(size: number) {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), randomBytes(size), Buffer.from([0xff, 0xd9])]);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

type Media = 'bucket' | 'data-dir';

for (const media of ['bucket', 'data-dir'] as const satisfies readonly Media[]) {
  describe(`two server processes on one PostgreSQL (media: ${media === 'bucket' ? 'one S3 bucket' : 'the shared DATA_DIR'}) behind a per-request balancer`, () => {
    several(media);
  });
}

function several(media: Media) {
let pgServer: TestPostgres;
let s3: TestS3 | null = null;
let root: string;
let dataDir: string;
let servers: ServerProcess[] = [];
let proxy: AlternatingProxy;
let admin: pg.Client;
/** The pupil signed in by the hand-in test (the stalled-upload test uploads as them). */
let pupilAuth: Record<string, string> = {};

beforeAll(async () => {
  pgServer = await startTestPostgres();
  if (media === 'bucket') s3 = await startTestS3();
  root = mkdtempSync(join(tmpdir(), 'cartable-2proc-'));
  dataDir = join(root, 'data');
  const emptyStatic = join(root, 'no-build');
  mkdirSync(emptyStatic);
  // Both start at once on an empty DATA_DIR and an empty database: one demo, one server key.
  const env = { DATABASE_URL: pgServer.url, DATA_DIR: dataDir, STATIC_DIR: emptyStatic, LEADER_RETRY_MS: '500', ...s3?.env };
  servers = await Promise.all([startServerProcess(env, 90_000), startServerProcess(env, 90_000)]);
  proxy = await startAlternatingProxy(servers.map((s) => s.url));
  admin = new pg.Client({ connectionString: pgServer.url });
  await admin.connect();
}, 180_000);

afterAll(async () => {
  await proxy?.close();
  for (const s of servers) if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGTERM');
  await Promise.all(servers.map((s) => s.exited));
  await admin?.end();
  await pgServer?.stop();
  await s3?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** The bytes the processes stored under a SHA-256: from the bucket, or from DATA_DIR/blobs. */
async function storedBytes(sha256: string): Promise<Buffer | null> {
  if (!s3) {
    const file = join(dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2));
    return existsSync(file) ? readFileSync(file) : null;
  }
  const store = new S3BlobStore(s3.settings);
  try {
    const stream = await store.open(sha256);
    if (!stream) return null;
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  } finally {
    store.close();
  }
}

/** Every object key in the bucket. */
async function bucketKeys(): Promise<string[]> {
  const client = new S3Client({ endpoint: s3!.settings.endpoint, region: s3!.settings.region, forcePathStyle: true, credentials: { accessKeyId: s3!.settings.accessKeyId, secretAccessKey: s3!.settings.secretAccessKey } });
  try {
    const r = await client.send(new ListObjectsV2Command({ Bucket: s3!.settings.bucket }));
    return (r.Contents ?? []).map((o) => o.Key!).sort();
  } finally {
    client.destroy();
  }
}

async function api<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const r = await fetch(proxy.url + path, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

  it('seeds one demo school and one server key when both start at once', async () => {
    const seeded = servers.filter((s) => s.output().includes('First start: created the demo school.'));
    expect(seeded).toHaveLength(1);
    expect((await admin.query('SELECT COUNT(*)::int AS n FROM schools')).rows[0].n).toBe(1);
    expect(readFileSync(join(dataDir, 'server.key'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a tablet hands in two photos, one upload cut on process 1 and resumed on process 2: everything exactly once and byte-identical', async () => {
    const demo = JSON.parse(readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8')) as DemoInfo;
    const device = await api<EnrolResponse>('/api/devices/enrol', { body: { code: demo.enrolmentCode, name: 'Tablette 1' } });
    const deviceHeaders = { [DEVICE_HEADER]: device.deviceToken };
    const roster = await api<DeviceRoster>('/api/device/roster', { headers: deviceHeaders });
    const pupil = roster.students[0]!;
    const signIn = await api<{ token: string }>('/api/auth/student', { body: { studentId: pupil.id, secret: demo.studentSecret }, headers: deviceHeaders });
    pupilAuth = { ...deviceHeaders, authorization: `Bearer ${signIn.token}` };
    // Sign-in is answered by one process; the other must know the session (it is in PostgreSQL).
    const db = await makeTablet({ deviceId: device.deviceId, deviceToken: device.deviceToken }, { schoolId: device.schoolId, teacherId: '' }, [
      { studentId: pupil.id, classId: pupil.classId, token: signIn.token },
    ]);
    const engine = new SyncEngine({ db, baseUrl: proxy.url, appVersion: 'e2e', uploader: await loadAttachmentUploader() });
    const first = await engine.runCycle();
    expect(first.ok, first.error?.code).toBe(true);

    const assignments = await db.assignments.toArray();
    const target = assignments.find((a) => a.questions.some((q) => q.kind === 'photo'))!;
    expect(target, 'the demo has a photo assignment').toBeDefined();
    const question = target.questions.find((q) => q.kind === 'photo')!;
    const photos = [photo(700_000), photo(400_000)];
    const ids: string[] = [];
    for (const p of photos) {
      const added = await addAttachment(db, { studentId: pupil.id, assignmentId: target.id, questionId: question.id, kind: 'photo', blob: new Blob([p.bytes], { type: 'image/jpeg' }), mime: 'image/jpeg', sha256: p.sha256 });
      if (!added.ok) throw new Error(added.code);
      ids.push(added.value.attachmentId);
    }
    await submitWork(db, pupil.id, target.id);

    proxy.cutNextUpload(0, 100_000);
    const start = proxy.log.length;
    for (let i = 0; i < 6; i++) {
      const out = await engine.runCycle();
      if (out.ok && (await db.outbox.count()) === 0) break;
    }
    const tail = proxy.log.slice(start);
    if (process.env.SHOW_PROXY_LOG) console.log(tail.map((r) => `${r.backend} ${r.method} ${r.path.slice(0, 40)} off=${r.uploadOffset} ${r.status}${r.cut ? " CUT" : ""}`).join("\n"));
    const cut = tail.find((r) => r.cut)!;
    expect(cut, 'an upload was cut on process 1').toMatchObject({ backend: 0, method: 'PATCH' });
    // Process 2 found the upload where process 1 had left it (the HEAD right after the cut,
    // on the shared UPLOAD_DIR and locks), and the upload carried on and finished there.
    expect(tail[tail.indexOf(cut) + 1]).toMatchObject({ backend: 1, method: 'HEAD', path: cut.path, status: 200 });
    const resumed = tail.filter((r) => r.backend === 1 && r.method === 'PATCH' && r.path === cut.path && (r.uploadOffset ?? 0) > 0 && r.status === 204);
    expect(resumed.length).toBeGreaterThan(0);

    // The tablet converged.
    expect(await db.outbox.count()).toBe(0);
    for (const id of ids) expect((await db.attachments.get(id))?.upload).toBe('uploaded');
    const local = (await db.submissions.where({ studentId: pupil.id, assignmentId: target.id }).first())!;
    expect(local).toMatchObject({ state: 'submitted', complete: true });

    // The server holds everything once, byte for byte.
    const subs = await admin.query('SELECT id, state FROM submissions WHERE student_id = $1 AND assignment_id = $2', [pupil.id, target.id]);
    expect(subs.rows).toHaveLength(1);
    expect(subs.rows[0].state).toBe('submitted');
    expect((await admin.query('SELECT COUNT(*)::int AS n FROM submission_revisions WHERE submission_id = $1', [subs.rows[0].id])).rows[0].n).toBe(1);
    const atts = await admin.query<{ id: string; sha256: string; complete: boolean }>('SELECT id, sha256, complete FROM attachments WHERE student_id = $1 ORDER BY size DESC', [pupil.id]);
    expect(atts.rows).toEqual(ids.map((id, i) => ({ id, sha256: photos[i]!.sha256, complete: true })));
    for (const p of photos) expect((await storedBytes(p.sha256))?.equals(p.bytes)).toBe(true);
    const catalogue = (await admin.query<{ sha256: string }>('SELECT sha256 FROM blobs ORDER BY sha256')).rows.map((r) => r.sha256);
    for (const p of photos) expect(catalogue).toContain(p.sha256);
    if (s3) {
      // In the bucket: each blob the database names, once (content-addressed keys), and nothing
      // else — no half upload, no copy per process; on the shared disk, no media at all.
      expect(await bucketKeys()).toEqual(catalogue.map((h) => `blobs/${h.slice(0, 2)}/${h.slice(2)}`));
      const files = (dir: string) => (existsSync(join(dataDir, dir)) ? readdirSync(join(dataDir, dir), { recursive: true }) : []);
      expect(files('blobs')).toEqual([]);
      expect(files('s3-spool')).toEqual([]);
    }

    // Both processes answered, alternately.
    expect(proxy.counts[0]).toBeGreaterThan(5);
    expect(proxy.counts[1]).toBeGreaterThan(5);
    expect(Math.abs(proxy.counts[0]! - proxy.counts[1]!)).toBeLessThanOrEqual(2);
  });

  it('a PATCH hanging on process 1 (half-open connection) is ended when process 2 is asked for the upload, which then finishes there', async () => {
    const p = photo(300_000);
    const tus = { ...pupilAuth, 'tus-resumable': '1.0.0' };
    const b64 = (v: string) => Buffer.from(v).toString('base64');
    const meta = { attachmentId: randomUUID(), kind: 'photo', mime: 'image/jpeg', sha256: p.sha256 };
    const created = await fetch(`${servers[0]!.url}/files/uploads`, {
      method: 'POST',
      headers: { ...tus, 'upload-length': String(p.bytes.length), 'upload-metadata': Object.entries(meta).map(([k, v]) => `${k} ${b64(v)}`).join(',') },
    });
    expect(created.status).toBe(201);
    const path = new URL(created.headers.get('location')!, servers[0]!.url).pathname;

    // Process 1: a PATCH announcing every byte, sending 50 KB, then nothing (the tablet left the hotspot).
    const hanging = http.request(`${servers[0]!.url}${path}`, { method: 'PATCH', headers: { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(p.bytes.length) } });
    const ended = new Promise<string>((resolve) => {
      hanging.on('response', (r) => resolve(`answered ${r.statusCode}`));
      hanging.on('error', () => resolve('closed'));
    });
    hanging.write(p.bytes.subarray(0, 50_000));
    await new Promise((r) => setTimeout(r, 500));

    // Process 2 is asked where the upload is: it waits for the lock and asks process 1 to let go.
    const asked = Date.now();
    const head = await fetch(`${servers[1]!.url}${path}`, { method: 'HEAD', headers: tus });
    expect(head.status).toBe(200);
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBe(50_000);
    expect(Date.now() - asked).toBeLessThan(10_000);
    expect(await Promise.race([ended, new Promise((r) => setTimeout(() => r('still hanging'), 2000))])).not.toBe('still hanging');
    hanging.destroy();

    const rest = await fetch(`${servers[1]!.url}${path}`, {
      method: 'PATCH',
      headers: { ...tus, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      body: p.bytes.subarray(offset),
    });
    expect(rest.status).toBe(204);
    expect(rest.headers.get('x-cartable-attachment')).toBe('complete');
    const row = await admin.query('SELECT sha256, complete FROM attachments WHERE id = $1', [meta.attachmentId]);
    expect(row.rows).toEqual([{ sha256: p.sha256, complete: true }]);
    expect((await storedBytes(p.sha256))?.equals(p.bytes)).toBe(true);
    if (s3) expect((await bucketKeys()).filter((k) => k.endsWith(p.sha256.slice(2)))).toEqual([`blobs/${p.sha256.slice(0, 2)}/${p.sha256.slice(2)}`]);
  });

  it('kill -9 of the leader: the other process takes the scheduled jobs over', async () => {
    const leaderLine = /This process now runs the scheduled jobs/;
    const leaders = servers.filter((s) => leaderLine.test(s.output()));
    expect(leaders).toHaveLength(1);
    const follower = servers.find((s) => s !== leaders[0])!;
    leaders[0]!.proc.kill('SIGKILL');
    await leaders[0]!.exited;
    await follower.waitForOutput(leaderLine, 15_000);
  });
}
