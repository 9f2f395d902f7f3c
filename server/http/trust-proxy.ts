/**
 * Which peers may tell us the client's address (X-Forwarded-For) and scheme
 * (X-Forwarded-Proto): only the reverse proxies named in TRUST_PROXY, as addresses or CIDR
 * ranges, comma-separated (`127.0.0.1`, `10.0.0.0/8,::1`). Default: none — a pupil on the
 * kit's Wi-Fi could otherwise set X-Forwarded-For to a fresh address on every request and
 * never meet a per-address limit (sign-in, enrolment).
 */
import { isIP } from 'node:net';

/** Parses TRUST_PROXY; throws with a plain reason on an entry that is not an address or CIDR. */
export function parseTrustProxy(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((raw) => {
    const entry = raw.trim();
    const [addr, prefix, ...rest] = entry.split('/');
    const family = isIP(addr ?? '');
    const max = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
    if (!family || !prefixOk || rest.length > 0) {
      throw new Error(`TRUST_PROXY must list addresses or CIDR ranges (e.g. 127.0.0.1 or 10.0.0.0/8), got "${entry}"`);
    }
    return entry;
  });
}

/** Fastify's `trustProxy` option for that list: false (trust nobody) when it is empty. */
export const fastifyTrustProxy = (proxies: readonly string[]): false | string[] => (proxies.length ? [...proxies] : false);
