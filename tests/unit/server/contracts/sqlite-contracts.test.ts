/** The service contracts on the embedded default: SQLite and the filesystem blob store. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteServer } from '../../../../server/store/sqlite/sqlite-server.ts';
import { describeServiceContracts } from './service-contracts.ts';

describeServiceContracts('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cartable-contracts-'));
  const services = openSqliteServer(join(dir, 'cartable.sqlite'));
  return {
    services,
    async close() {
      await services.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
