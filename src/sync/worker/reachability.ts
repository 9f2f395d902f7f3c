/**
 * Is the school server reachable? `navigator.onLine` says true behind a dead hotspot, so
 * the tablet asks the server itself: `GET /api/health` (tiny, no auth, never cached).
 */
import { HEALTH_PATH } from '../../protocol/wire.ts';

export async function probeServer(baseUrl: string, fetchImpl: typeof fetch = fetch, timeoutMs = 5_000): Promise<boolean> {
  try {
    const res = await fetchImpl(`${baseUrl}${HEALTH_PATH}`, { cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
    await res.text();
    return res.ok;
  } catch {
    return false;
  }
}
