/**
 * The peer of bench:sync: PouchDB replication, as a CouchDB-style school server would serve it
 * (express-pouchdb over PouchDB's in-memory adapter, one database per class — CouchDB's way of
 * scoping, which spares it the filtering Cartable's server does per pupil). The same HTTP
 * server also serves the tablet test page, so the page, its worker and the database share one
 * origin, as the app and its server do (no CORS preflights to add round trips to PouchDB).
 * The class's documents are exactly what Cartable's pull hands the tablet (the same entities
 * as JSON), so both move the same data.
 */
import http from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import PouchDB from 'pouchdb-core';
import memory from 'pouchdb-adapter-memory';
import httpAdapter from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';
import mapreduce from 'pouchdb-mapreduce';
import expressPouchDB from 'express-pouchdb';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

export interface PouchPeer {
  url: string;
  close(): Promise<void>;
}

/** Starts the server, with database `name` holding `docs` (written over HTTP, as a server fills it). */
export async function startPouchPeer(staticDir: string, name: string, docs: Record<string, unknown>[]): Promise<PouchPeer> {
  PouchDB.plugin(memory).plugin(httpAdapter).plugin(replication).plugin(mapreduce);
  const Memory = PouchDB.defaults({ adapter: 'memory' });
  const pouch = expressPouchDB(Memory, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: join(staticDir, 'pouch-log.txt') });
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' && (path === '/index.html' || path.startsWith('/assets/'))) {
      const file = normalize(join(staticDir, path));
      if (file.startsWith(staticDir) && existsSync(file) && statSync(file).isFile()) {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        createReadStream(file).pipe(res);
        return;
      }
    }
    pouch(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const remote = new PouchDB(`${url}/${name}`);
  for (let i = 0; i < docs.length; i += 100) await remote.bulkDocs(docs.slice(i, i + 100));
  return { url, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
