/** Wire protocol version (defined in wire.ts, with the other wire constants). */
export { OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION } from './wire.ts';
