/**
 * Reading a Server-Sent Events stream (`text/event-stream`) over fetch(): the tablet's live
 * channel, the teacher's live room and the tests all read the server's live events this way
 * (EventSource cannot send the device and session headers). One parser, so the three agree on
 * what an event is: lines `event:` and `data:` (several `data:` lines joined by a newline),
 * `:` comments (the server's keep-alives) ignored, an event ended by a blank line, CRLF or LF.
 */

/** One event as sent: its name (`message` when none is given) and its data text. */
export interface SseMessage {
  event: string;
  data: string;
}

/** Feeds text chunks in, takes whole events out; a cut event waits for the rest of its bytes. */
export class SseParser {
  private buf = '';

  /** Adds a chunk of the stream and returns the events it completed, in order. */
  push(chunk: string): SseMessage[] {
    this.buf += chunk;
    const out: SseMessage[] = [];
    for (;;) {
      const end = /\r?\n\r?\n/.exec(this.buf);
      if (!end) return out;
      const block = this.buf.slice(0, end.index);
      this.buf = this.buf.slice(end.index + end[0].length);
      const message = parseBlock(block);
      if (message) out.push(message);
    }
  }
}

function parseBlock(block: string): SseMessage | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === '' || line.startsWith(':')) continue; // a comment: the keep-alive
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length > 0 ? { event, data: data.join('\n') } : null;
}

/**
 * Reads `body` to its end (or until it throws: aborted, cut), calling `onChunk` for every
 * chunk received — keep-alives included, which is how a reader notices a silent channel —
 * and `onMessage` for every whole event.
 */
export async function readSse(body: ReadableStream<Uint8Array>, onMessage: (m: SseMessage) => void, onChunk?: () => void): Promise<void> {
  const parser = new SseParser();
  const decoder = new TextDecoder(); // `stream: true` keeps a character cut between two chunks
  const reader = body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    onChunk?.();
    for (const m of parser.push(decoder.decode(value, { stream: true }))) onMessage(m);
  }
}
