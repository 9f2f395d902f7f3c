/** Registers a built app folder: its files copied into DATA_DIR/builds, its record in the database (one step for the CLI, `npm start` and the tests). */
import type { Services } from '../services.ts';
import type { Actor } from '../access/actor.ts';
import { SYSTEM } from '../access/actor.ts';
import type { BuildRecord } from '../store/update-repository.ts';
import { readBuild, storeBuildFiles } from './build-files.ts';
import { assertServableProtocol } from './update-service.ts';

export async function registerBuildDir(services: Pick<Services, 'updates'>, dataDir: string, dir: string, opts: { releaseNote?: string; actor?: Actor } = {}): Promise<{ build: BuildRecord; created: boolean }> {
  assertServableProtocol(readBuild(dir).protocol); // before a byte is copied
  const content = storeBuildFiles(dataDir, dir);
  return services.updates.registerBuild(opts.actor ?? SYSTEM, { ...content, releaseNote: opts.releaseNote });
}
