/**
 * The service contracts on PostgreSQL (DATABASE_URL's server, or a throwaway cluster: see
 * tests/helpers/test-postgres.ts) and the filesystem blob store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices } from '../../../../server/services.ts';
import { FsBlobStore } from '../../../../server/blobs/fs-blob-store.ts';
import { PostgresDatabase } from '../../../../server/store/postgres/postgres-database.ts';
import { startTestPostgres } from '../../../helpers/test-postgres.ts';
import { activateServerKey } from '../../../../server/auth/server-key.ts';
import { describeServiceContracts } from './service-contracts.ts';

describeServiceContracts('PostgreSQL', async () => {
  const pgServer = await startTestPostgres();
  const blobDir = mkdtempSync(join(tmpdir(), 'cartable-contracts-blobs-'));
  activateServerKey(blobDir); // the temp dir plays DATA_DIR: its server.key peppers the hashes
  try {
    const db = await PostgresDatabase.open(pgServer.url);
    const services = createServices(db, new FsBlobStore(blobDir));
    return {
      services,
      async close() {
        await db.close();
        await pgServer.stop();
        rmSync(blobDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await pgServer.stop();
    rmSync(blobDir, { recursive: true, force: true });
    throw err;
  }
});
