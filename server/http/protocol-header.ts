/**
 * The sync protocol's handshake on the server side (issue 16; the rule: src/protocol/wire.ts).
 * Every /api answer says the server's range (`X-Cartable-Protocol`), so a tablet learns whether
 * it can talk to this server; and a tablet's request is refused before anything of it is read
 * when the two cannot talk — nothing stored, its work stays on the tablet:
 * - a tablet older than every protocol this server still speaks: 426 `protocol_unsupported`
 *   (it must update; no header = a build before the header, protocol 1);
 * - a tablet that no longer speaks this server's protocol (a server put back to an older
 *   version): 409 `protocol_server_outdated` (it waits for the server's update).
 */
import type { FastifyInstance } from 'fastify';
import { PROTOCOL, PROTOCOL_HEADER, formatProtocol, parseProtocol, type ProtocolRange } from '../../src/protocol/wire.ts';
import { fail } from '../domain/domain-error.ts';

const HEADER = PROTOCOL_HEADER.toLowerCase();

/** Adds the hook (before the routes: errors and 404s carry the header too). `range`: another one in tests only. */
export function installProtocolHeader(app: FastifyInstance, range: ProtocolRange = PROTOCOL) {
  const said = formatProtocol(range);
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    reply.header(PROTOCOL_HEADER, said);
    const value = req.headers[HEADER];
    const peer = parseProtocol(typeof value === 'string' ? value : null);
    if (!peer) return; // unreadable: a hint, never a reason to refuse
    if (peer.version < range.oldest) throw fail('protocol_unsupported', { protocol: peer.version, oldest: range.oldest });
    if (peer.oldest > range.version) throw fail('protocol_server_outdated', { protocol: range.version, oldest: peer.oldest });
  });
}
