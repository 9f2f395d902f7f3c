/** Wire protocol version (defined in wire.ts, with the other wire constants). */
export { PROTOCOL_VERSION } from './wire.ts';
