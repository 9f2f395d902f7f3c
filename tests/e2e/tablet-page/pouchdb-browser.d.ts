/** pouchdb-browser ships no types; the peer bench uses replicate.from and info. */
declare module 'pouchdb-browser' {
  interface Db {
    replicate: { from(url: string, options?: Record<string, unknown>): Promise<{ docs_written: number; ok: boolean }> };
    info(): Promise<{ doc_count: number }>;
    close(): Promise<void>;
  }
  const PouchDB: new (name: string) => Db;
  export default PouchDB;
}
