/**
 * The usual set-up of a sync test file: the real server in-process, listening on a port (the
 * tablets' sync engine speaks HTTP to it), with one school of sync-fixtures.ts; closed after the
 * file's tests. `use` gets them (`useSyncServer((s) => ({ t, url, school } = s));`).
 */
import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from './test-app.ts';
import { createSchool, type School } from './sync-fixtures.ts';

export function useSyncServer(use: (started: { t: TestApp; url: string; school: School }) => void): void {
  let t: TestApp | undefined;
  beforeAll(async () => {
    t = await startTestApp();
    const url = await t.listen();
    use({ t, url, school: createSchool(t.store) });
  });
  afterAll(async () => { await t?.close(); });
}
