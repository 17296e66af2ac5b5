import type { ServerResponse } from 'node:http';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
} as const;

/** Corked bytes past which a burst is handed to the socket at once. */
const CORK_FLUSH_BYTES = 64 * 1024;

/**
 * The raw response of one SSE connection: writes frames, reports what is queued for the client,
 * and waits for the socket to drain. It never keeps a listener beyond the wait that added it,
 * so a thousand connections leave no listener behind.
 */
export class SseResponse {
  private closed = false;
  private maxQueued = 0;
  private readonly closeWaiters = new Set<() => void>();
  private corked = false;
  private stall: { readonly timeoutMs: number; readonly onStall: () => void } | undefined;
  private stallTimer: NodeJS.Timeout | undefined;

  constructor(private readonly raw: ServerResponse) {
    raw.once('close', () => {
      this.closed = true;
      this.clearStallTimer();
      for (const wake of [...this.closeWaiters]) wake();
    });
  }

  /**
   * Calls `onStall` when the socket has pushed back (a write refused past its high-water mark) and
   * has not drained within `timeoutMs`: a client that reads nothing, whose kernel buffers are full.
   */
  watchStalls(timeoutMs: number, onStall: () => void): void {
    this.stall = { timeoutMs, onStall };
  }

  open(retryMs: number): void {
    this.raw.writeHead(200, SSE_HEADERS);
    // The retry hint and a first comment flush the headers, so the client's EventSource opens now.
    this.write(`retry: ${retryMs}\n: connected\n\n`);
  }

  /** Also true when the client left before the stream started ('close' then fired before we listened). */
  get isClosed(): boolean {
    return (
      this.closed ||
      this.raw.writableEnded ||
      this.raw.destroyed ||
      this.raw.socket?.destroyed === true
    );
  }

  /** Bytes written but not yet taken by the kernel (the response's and its socket's buffers). */
  get queuedBytes(): number {
    return this.raw.writableLength;
  }

  /** The most ever queued on this connection: what a slow client cost the server at worst. */
  get maxQueuedBytes(): number {
    return this.maxQueued;
  }

  /** False when the socket asks the writer to wait for 'drain'. */
  write(frame: string): boolean {
    if (this.isClosed) return false;
    // Frames written in one tick (a page of history, a burst of live events) leave in one syscall.
    if (!this.corked) {
      this.corked = true;
      this.raw.cork();
      process.nextTick(() => {
        this.corked = false;
        this.raw.uncork();
      });
    }
    const accepted = this.raw.write(frame);
    // A long burst is flushed as it grows: the overflow check must see what the client has not
    // taken, not what the cork holds back (a burst of big events may exceed the limit by itself).
    if (this.raw.writableLength >= CORK_FLUSH_BYTES) {
      this.raw.uncork();
      this.raw.cork();
    }
    this.maxQueued = Math.max(this.maxQueued, this.raw.writableLength);
    if (!accepted) this.armStallTimer();
    return accepted;
  }

  /** One timer and one 'drain' listener at most, whatever the number of refused writes. */
  private armStallTimer(): void {
    if (this.stall === undefined || this.stallTimer !== undefined || this.isClosed) return;
    const { timeoutMs, onStall } = this.stall;
    this.stallTimer = setTimeout(() => {
      this.raw.off('drain', this.clearStallTimer);
      this.stallTimer = undefined;
      onStall();
    }, timeoutMs);
    this.raw.once('drain', this.clearStallTimer);
  }

  private readonly clearStallTimer = (): void => {
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    this.raw.off('drain', this.clearStallTimer);
  };

  /** Resolves when the socket drained or the connection closed, whichever comes first. */
  drained(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.raw.off('drain', done);
        this.closeWaiters.delete(done);
        resolve();
      };
      this.raw.on('drain', done);
      this.closeWaiters.add(done);
    });
  }

  onClose(listener: () => void): void {
    this.raw.once('close', listener);
  }

  end(lastFrame?: string): void {
    this.clearStallTimer();
    if (this.isClosed) return;
    if (lastFrame !== undefined) this.raw.write(lastFrame);
    this.raw.end();
  }

  /** After end(): drops the connection if it has not closed within `ms` (a client that reads nothing). */
  destroyUnlessClosedWithin(ms: number): void {
    if (this.closed || this.raw.destroyed) return;
    const timer = setTimeout(() => this.raw.destroy(), ms);
    this.raw.once('close', () => clearTimeout(timer));
  }

  /** Drops the connection and what is queued for it: ending would wait for a client that reads nothing. */
  destroy(): void {
    this.clearStallTimer();
    this.raw.destroy();
  }
}
