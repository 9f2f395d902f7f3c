/**
 * The tablet's live channel asks nothing while the tablet knows it is offline (a pupil at home,
 * the hotspot gone): no stream, no poll, no progress report — each would be a failed request —
 * and it reconnects as soon as the `online` event comes.
 */
import { afterEach, expect, test } from 'vitest';
import { LiveChannel } from '../../../src/live/live-channel.ts';

const channels: LiveChannel[] = [];
afterEach(() => channels.splice(0).forEach((c) => c.stop()));

/** A stream that sends one state then stays open, like the server's. */
function streamingFetch(calls: string[]): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(new URL(url).pathname);
    if (url.endsWith('/api/live/stream')) {
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode(`event: state\ndata: ${JSON.stringify({ sessions: [] })}\n\n`));
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    }
    return new Response(JSON.stringify({ sessions: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

test('offline: no request at all; back online: the stream opens and the state arrives', async () => {
  let online = false;
  const calls: string[] = [];
  const events = new EventTarget();
  const links: string[] = [];
  const states: unknown[] = [];
  const ch = new LiveChannel({
    baseUrl: 'http://school.test', deviceToken: 'd', studentToken: 's',
    onState: (s) => states.push(s), onLink: (l) => links.push(l),
    fetchImpl: streamingFetch(calls), isOnline: () => online, events,
  });
  channels.push(ch.start());
  await ch.poll();
  await ch.report({ sessionId: 'x', screen: 'home', itemId: null, question: null, answered: null, total: null, waiting: 0 });
  await new Promise((r) => setTimeout(r, 50));
  expect(calls).toEqual([]);
  expect(links).toEqual(['fallback']);

  online = true;
  events.dispatchEvent(new Event('online'));
  await expect.poll(() => links.at(-1)).toBe('live');
  expect(calls).toEqual(['/api/live/stream']);
  expect(states).toEqual([[]]);
  // A second `online` while the stream is open does not open another.
  events.dispatchEvent(new Event('online'));
  await new Promise((r) => setTimeout(r, 20));
  expect(calls.filter((c) => c === '/api/live/stream')).toHaveLength(1);
});
