/**
 * Password and secret hashing and opaque tokens.
 *
 * A hash is `hmac-scrypt$<keyId>$N$r$p$salt$hash` (base64url): scrypt (per-hash salt) of
 * HMAC-SHA256(server key, NFC(secret)). The server key lives in DATA_DIR/server.key, not in
 * the database (server-key.ts), so a stolen database or backup alone cannot be brute-forced,
 * however short the secret. Hashes from before the key (`scrypt$N$r$p$salt$hash`) still
 * verify, and `verifySecret` hands back an upgraded hash after a successful check so the
 * sign-in can replace it. Every scrypt goes through the hashing queue (hash-queue.ts) and is
 * compared in constant time.
 *
 * Tokens: 32 random bytes, stored as their SHA-256 only.
 */
import { createHash, createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual, type BinaryLike, type ScryptOptions } from 'node:crypto';
import { hashQueue } from './hash-queue.ts';
import { currentServerKey, serverKeyById } from './server-key.ts';

const scrypt = (password: BinaryLike, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  hashQueue.run(() => new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)))));

/** N=2^15 for passwords; student secrets use a cheaper cost (roster/student-secret.ts). */
export const PASSWORD_PARAMS = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEYLEN = 32;
const PEPPERED = 'hmac-scrypt';
const LEGACY = 'scrypt';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  maxmem: number;
}

const pepper = (secret: string, key: Buffer) => createHmac('sha256', key).update(secret.normalize('NFC')).digest();

/** A new hash of `secret` under the current server key. */
export async function hashSecret(secret: string, params: ScryptParams = PASSWORD_PARAMS): Promise<string> {
  const k = currentServerKey();
  const salt = randomBytes(16);
  const key = await scrypt(pepper(secret, k.key), salt, KEYLEN, params);
  return [PEPPERED, k.id, params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether a stored hash was made without the server key (and should be upgraded at the next sign-in). */
export const isLegacyHash = (stored: string) => stored.startsWith(`${LEGACY}$`);

/** Parameters of a stored hash, to make its upgrade with the same cost. */
function parse(stored: string): { pepperKey: Buffer | null; params: ScryptParams; salt: Buffer; expected: Buffer } | null {
  const parts = stored.split('$');
  let pepperKey: Buffer | null = null;
  if (parts[0] === PEPPERED && parts.length === 7) {
    const k = serverKeyById(parts[1]!);
    if (!k) return null; // made with a server key this process does not have (a database restored without its key)
    pepperKey = k.key;
    parts.splice(0, 2);
  } else if (parts[0] === LEGACY && parts.length === 6) {
    parts.splice(0, 1);
  } else {
    return null;
  }
  const [n, r, p, saltB64, keyB64] = parts.map(String) as [string, string, string, string, string];
  const params = { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 };
  // A damaged or hostile row must not make scrypt allocate gigabytes or throw.
  if (!Number.isInteger(params.N) || params.N < 2 || params.N > 1 << 20 || (params.N & (params.N - 1)) !== 0) return null;
  if (!(params.r >= 1 && params.r <= 32 && params.p >= 1 && params.p <= 4)) return null;
  const expected = Buffer.from(keyB64, 'base64url');
  if (expected.length < 16 || !saltB64) return null;
  return { pepperKey, params, salt: Buffer.from(saltB64, 'base64url'), expected };
}

/**
 * Checks `secret` against a stored hash. `upgraded` is a new hash under the current server
 * key when the stored one was made without a key: the caller stores it (compare-and-set).
 */
export async function checkSecret(secret: string, stored: string): Promise<{ ok: boolean; upgraded: string | null }> {
  const h = parse(stored);
  if (!h) return { ok: false, upgraded: null };
  const input = h.pepperKey ? pepper(secret, h.pepperKey) : secret.normalize('NFC');
  const key = await scrypt(input, h.salt, h.expected.length, h.params);
  const ok = key.length === h.expected.length && timingSafeEqual(key, h.expected);
  return { ok, upgraded: ok && !h.pepperKey ? await hashSecret(secret, h.params) : null };
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  return (await checkSecret(secret, stored)).ok;
}

/** A new opaque token (shown once to the client) and the hash the server keeps. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
