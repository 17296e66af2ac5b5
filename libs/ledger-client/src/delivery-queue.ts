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
  private readonly pending: LedgerEnvelope[] = [];
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
    return this.pending.length;
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
    this.pending.length = 0;
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (
        let event = this.pending.shift();
        event !== undefined && !this.stopped;
        event = this.pending.shift()
      ) {
        await this.handlers.onEvent(event);
        this.processed = event.position;
        await this.handlers.onCheckpoint?.(event.position);
        this.onProcessed(this.pending.length);
      }
    } catch (error: unknown) {
      this.stopped = true;
      this.pending.length = 0;
      this.onFailure(error);
    } finally {
      this.running = false;
      for (const resolve of this.idle.splice(0)) resolve();
    }
  }
}
