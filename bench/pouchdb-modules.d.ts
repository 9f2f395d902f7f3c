/** PouchDB ships no types for these modules; the bench uses a few calls of each. */
declare module 'pouchdb-core' {
  interface Db {
    bulkDocs(docs: Record<string, unknown>[]): Promise<unknown>;
  }
  interface Constructor {
    new (name: string): Db;
    plugin(p: unknown): Constructor;
    defaults(o: Record<string, unknown>): Constructor;
  }
  const PouchDB: Constructor;
  export default PouchDB;
}
declare module 'pouchdb-adapter-memory' { const p: unknown; export default p; }
declare module 'pouchdb-adapter-http' { const p: unknown; export default p; }
declare module 'pouchdb-replication' { const p: unknown; export default p; }
declare module 'pouchdb-mapreduce' { const p: unknown; export default p; }
declare module 'express-pouchdb' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  const expressPouchDB: (pouch: unknown, options: Record<string, unknown>) => (req: IncomingMessage, res: ServerResponse) => void;
  export default expressPouchDB;
}
