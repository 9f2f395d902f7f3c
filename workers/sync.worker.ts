/** The sync worker: entry only. The logic lives in src/sync (tested without a worker). */
import { expose } from 'comlink';
import { db } from '../src/db/db-instance.ts';
import { createSyncWorkerApi } from '../src/sync/worker/sync-worker-api.ts';

const api = createSyncWorkerApi(db);
expose(api);

export type SyncWorkerApi = typeof api;
