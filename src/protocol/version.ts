/** Wire protocol version: bumped when a client and server of different versions cannot talk. */
export const PROTOCOL_VERSION = 1;
