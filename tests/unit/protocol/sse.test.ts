import { describe, expect, it } from 'vitest';
import { SseParser, readSse } from '../../../src/protocol/sse.ts';

describe('SseParser', () => {
  const cases: { name: string; chunks: string[]; want: { event: string; data: string }[] }[] = [
    { name: 'one event', chunks: ['event: state\ndata: {"a":1}\n\n'], want: [{ event: 'state', data: '{"a":1}' }] },
    { name: 'no event name is "message"', chunks: ['data: x\n\n'], want: [{ event: 'message', data: 'x' }] },
    { name: 'cut anywhere, even inside the blank line', chunks: ['event: ro', 'om\ndata: {"n"', ':2}\n', '\n'], want: [{ event: 'room', data: '{"n":2}' }] },
    { name: 'CRLF line ends', chunks: ['event: state\r\ndata: 1\r\n\r\n'], want: [{ event: 'state', data: '1' }] },
    { name: 'keep-alive comments are not events', chunks: [': ping\n\n', 'event: state\ndata: 2\n\n'], want: [{ event: 'state', data: '2' }] },
    { name: 'several data lines joined by a newline', chunks: ['data: a\ndata: b\n\n'], want: [{ event: 'message', data: 'a\nb' }] },
    { name: '"data:" without its space', chunks: ['event:session\ndata:{}\n\n'], want: [{ event: 'session', data: '{}' }] },
    { name: 'two events in one chunk, a third unfinished', chunks: ['data: 1\n\ndata: 2\n\ndata: 3\n'], want: [{ event: 'message', data: '1' }, { event: 'message', data: '2' }] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = new SseParser();
      expect(c.chunks.flatMap((chunk) => p.push(chunk))).toEqual(c.want);
    });
  }
});

describe('readSse', () => {
  it('reads a byte stream cut in the middle of a multi-byte character, and counts every chunk', async () => {
    const bytes = new TextEncoder().encode(': keep-alive\n\nevent: state\ndata: {"t":"Élève"}\n\n');
    const cut = bytes.indexOf(0xc3) + 1; // between the two bytes of « É »
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, cut));
        c.enqueue(bytes.slice(cut));
        c.close();
      },
    });
    const got: unknown[] = [];
    let chunks = 0;
    await readSse(body, (m) => got.push(JSON.parse(m.data)), () => chunks++);
    expect(got).toEqual([{ t: 'Élève' }]);
    expect(chunks).toBe(2);
  });
});
