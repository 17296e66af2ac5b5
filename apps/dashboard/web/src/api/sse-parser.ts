/**
 * A server-sent events parser (the WHATWG event-stream format): fed text as it arrives, in
 * chunks cut anywhere, it returns each complete frame. The dashboard reads the stream with fetch
 * rather than EventSource because EventSource cannot send an Authorization header.
 */

export interface SseFrame {
  /** The `id:` of the frame; the ledger sends the global position on event frames only. */
  readonly id?: string;
  /** The `event:` name ('message' when absent): the ledger's event type or a control name. */
  readonly event: string;
  readonly data: string;
  /** A `retry:` the server suggested, in ms. */
  readonly retry?: number;
}

interface Pending {
  id?: string;
  event?: string;
  data: string[];
  retry?: number;
}

export class SseParser {
  private buffer = '';
  private pending: Pending = { data: [] };

  /** Feeds a chunk; returns the frames it completed. */
  push(chunk: string): SseFrame[] {
    this.buffer += chunk;
    const frames: SseFrame[] = [];
    for (;;) {
      const end = lineEnd(this.buffer);
      if (end === undefined) break;
      const line = this.buffer.slice(0, end.at);
      this.buffer = this.buffer.slice(end.at + end.length);
      const frame = this.line(line);
      if (frame !== undefined) frames.push(frame);
    }
    return frames;
  }

  private line(line: string): SseFrame | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined; // a comment: the server's heartbeat
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.pending.data.push(value);
    else if (field === 'event') this.pending.event = value;
    else if (field === 'id' && !value.includes('\0')) this.pending.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.pending.retry = Number(value);
    return undefined;
  }

  private dispatch(): SseFrame | undefined {
    const p = this.pending;
    this.pending = { data: [] };
    if (p.data.length === 0 && p.retry === undefined) return undefined;
    return {
      event: p.event === undefined || p.event === '' ? 'message' : p.event,
      data: p.data.join('\n'),
      ...(p.id !== undefined ? { id: p.id } : {}),
      ...(p.retry !== undefined ? { retry: p.retry } : {}),
    };
  }
}

/** The first line break (CRLF, LF or CR); a CR at the very end may be half of a CRLF, so wait. */
function lineEnd(text: string): { at: number; length: number } | undefined {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr === -1 || (lf !== -1 && lf < cr)) return lf === -1 ? undefined : { at: lf, length: 1 };
  if (cr === text.length - 1) return undefined;
  return { at: cr, length: text[cr + 1] === '\n' ? 2 : 1 };
}
