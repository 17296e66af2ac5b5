import { request, type ClientRequest, type IncomingMessage } from 'node:http';

/** One parsed SSE block: fields as sent (comments separately). */
export interface SseFrame {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
  readonly retry?: string;
  readonly comment?: string;
}

/** Parses complete blocks from a buffer, returning the frames and the unparsed rest. */
export function parseFrames(buffer: string): { frames: SseFrame[]; rest: string } {
  const blocks = buffer.split('\n\n');
  const rest = blocks.pop() ?? '';
  const frames = blocks.map((block) => {
    const frame: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) frame.comment = line.slice(1).trim();
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const field = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      frame[field] = frame[field] === undefined ? value : `${frame[field]}\n${value}`;
    }
    return frame;
  });
  return { frames, rest };
}

/**
 * A raw SSE connection over node:http (no EventSource): exact frames, and the socket can be paused
 * to play a slow client.
 */
export class SseReader {
  readonly frames: SseFrame[] = [];
  response: IncomingMessage | undefined;
  ended = false;
  private buffer = '';
  private readonly req: ClientRequest;
  private readonly waiters = new Set<() => void>();
  readonly opened: Promise<IncomingMessage>;

  constructor(url: string, headers: Record<string, string> = {}) {
    let opened!: (res: IncomingMessage) => void;
    let failed!: (error: Error) => void;
    this.opened = new Promise((resolve, reject) => {
      opened = resolve;
      failed = reject;
    });
    this.opened.catch(() => undefined);
    this.req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      this.response = res;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => this.receive(chunk));
      res.on('end', () => this.finish());
      res.on('close', () => this.finish());
      opened(res);
    });
    this.req.on('error', (error) => {
      this.finish();
      failed(error);
    });
    this.req.end();
  }

  get events(): SseFrame[] {
    return this.frames.filter((f) => f.id !== undefined);
  }

  /** Resolves once `predicate` holds, or rejects after `timeoutMs`. */
  until(predicate: (reader: SseReader) => boolean, timeoutMs = 60_000): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!predicate(this)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `timed out after ${timeoutMs} ms with ${this.frames.length} frames (status ${this.response?.statusCode}, ended: ${this.ended}, unparsed: ${this.buffer.slice(0, 300)})`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  pause(): void {
    this.response?.pause();
  }

  resume(): void {
    this.response?.resume();
  }

  close(): void {
    this.req.destroy();
  }

  private receive(chunk: string): void {
    const { frames, rest } = parseFrames(this.buffer + chunk);
    this.buffer = rest;
    this.frames.push(...frames);
    this.notify();
  }

  private finish(): void {
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    for (const check of [...this.waiters]) check();
  }
}

/** Reads a non-SSE answer (a problem) in full. */
export async function getJson(
  url: string,
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read arbitrary fields of the answer
): Promise<{ status: number; contentType: string; body: any }> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : undefined,
  };
}

/** Resolves once `check` holds (looked at every 20 ms); rejects after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
