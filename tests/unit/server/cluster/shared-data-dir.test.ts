/**
 * Processes sharing DATA_DIR: several starting at once on an empty folder agree on one server
 * key (and none crashes locking the folder down while another writes its temp key file); each
 * names itself in its own pid file, so one stopping does not unblock a restore while another
 * still runs.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PID_FILE, pidFileName, runningServerPid } from '../../../../server/cli/restore.ts';
import { runSnippet } from '../../../helpers/run-snippet.ts';


/** What main.ts does first, in a fresh Node process: prints the key id it will hash with. */
function startLikeAServer(dataDir: string): Promise<string> {
  const code = `const { lockDownDataDir } = await import('./server/data-dir.ts');
    const { activateServerKey } = await import('./server/auth/server-key.ts');
    lockDownDataDir(process.argv[1]); console.log(activateServerKey(process.argv[1]).id);`;
  return runSnippet(code, [dataDir]);
}

describe('a DATA_DIR shared by several processes', () => {
  it('gives every process starting at once on an empty folder the same server key', async () => {
    for (let round = 0; round < 3; round++) {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'cartable-shared-')), 'data');
      try {
        const ids = await Promise.all(Array.from({ length: 4 }, () => startLikeAServer(dataDir)));
        expect(ids[0]).toMatch(/^[0-9a-f]{8}$/);
        expect(new Set(ids).size).toBe(1);
        expect(readdirSync(dataDir)).toEqual(['server.key']); // no temp file left behind
      } finally {
        rmSync(join(dataDir, '..'), { recursive: true, force: true });
      }
    }
  }, 60_000);

  it('keeps one pid file per process: a restore stays refused until the last live one is gone', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cartable-pids-'));
    try {
      expect(runningServerPid(dataDir)).toBeNull();
      const dead = 2 ** 22 + 12345; // above Linux's pid_max default: no such process
      writeFileSync(join(dataDir, pidFileName(dead)), String(dead));
      expect(runningServerPid(dataDir)).toBeNull(); // stale (kill -9) is ignored
      writeFileSync(join(dataDir, pidFileName(process.pid)), String(process.pid));
      expect(runningServerPid(dataDir)).toBe(process.pid);
      rmSync(join(dataDir, pidFileName(process.pid)));
      expect(runningServerPid(dataDir)).toBeNull();
      writeFileSync(join(dataDir, PID_FILE), String(process.pid)); // a server of an older version
      expect(runningServerPid(dataDir)).toBe(process.pid);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
