import type { LedgerEnvelope } from './envelope';

export interface DeliveryHandlers {
  readonly onEvent: (event: LedgerEnvelope) => Promise<void> | void;
  readonly onCheckpoint?: (position: string) => Promise<void> | void;
}

/**
 * Hands events to the consumer one at a time, in arrival order: the next event is delivered only
 * after the consumer's promise for the previous one (and its checkpoint) resolved. A consumer
 * error stops delivery for good; what was not delivered stays undelivered (the consumer resumes
 * from its last checkpoint).
 */
export class DeliveryQueue {
  /** Events waiting, from `head` on (an index, not shift(): shift() is linear on a long queue). */
  private pending: LedgerEnvelope[] = [];
  private head = 0;
  private running = false;
  private stopped = false;
  private processed: string | undefined;
  private idle: (() => void)[] = [];

  constructor(
    private readonly handlers: DeliveryHandlers,
    private readonly onFailure: (error: unknown) => void,
    private readonly onProcessed: (remaining: number) => void,
  ) {}

  get length(): number {
    return this.pending.length - this.head;
  }

  /** The position of the last event the consumer finished with. */
  get position(): string | undefined {
    return this.processed;
  }

  push(event: LedgerEnvelope): void {
    if (this.stopped) return;
    this.pending.push(event);
    if (!this.running) void this.drain();
  }

  /** Stops after the event in progress; resolves once nothing runs any more. */
  stop(): Promise<void> {
    this.stopped = true;
    this.clear();
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /**
   * Awaits only what returns a promise: a synchronous consumer is served in a plain loop (no
   * microtask per event), an asynchronous one is awaited before the next event.
   */
  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let event = this.take(); event !== undefined && !this.stopped; event = this.take()) {
        const handled = this.handlers.onEvent(event);
        if (isThenable(handled)) await handled;
        this.processed = event.position;
        const checkpointed = this.handlers.onCheckpoint?.(event.position);
        if (isThenable(checkpointed)) await checkpointed;
        this.onProcessed(this.length);
      }
    } catch (error: unknown) {
      this.stopped = true;
      this.clear();
      this.onFailure(error);
    } finally {
      this.running = false;
      for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  private take(): LedgerEnvelope | undefined {
    if (this.head >= this.pending.length) {
      this.clear();
      return undefined;
    }
    const event = this.pending[this.head];
    this.head += 1;
    // Drop the consumed prefix now and then, so the array does not grow for ever.
    if (this.head >= 1024 && this.head * 2 >= this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
    return event;
  }

  private clear(): void {
    this.pending = [];
    this.head = 0;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}
