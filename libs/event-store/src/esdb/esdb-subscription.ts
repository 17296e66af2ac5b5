import type { RecordedEvent as ClientRecordedEvent, ResolvedEvent } from '@eventstore/db-client';
import { Observable, type Subscriber } from 'rxjs';
import type { RecordedEvent, SubscriptionMessage } from '../port';
import { isTransient, toPortError } from './esdb-errors';
import { toRecordedEvent } from './esdb-events';

/** The client subscription surface the adapter uses (both $all and stream subscriptions have it). */
export interface ClientSubscription {
  on(event: 'data', listener: (resolved: ResolvedEvent) => void): unknown;
  on(event: 'caughtUp' | 'confirmation' | 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(): unknown;
  unsubscribe(): Promise<void>;
}

/**
 * What differs between $all and stream subscriptions. A cursor is a commit position for $all,
 * a revision for a stream; subscriptions start after it (exclusive), as EventStoreDB's do.
 */
export interface SubscriptionTarget {
  /** Where to start: undefined is the very beginning; called again on every re-subscription. */
  startCursor(): Promise<bigint | undefined>;
  open(after: bigint | undefined): ClientSubscription;
  cursorOf(event: ClientRecordedEvent): bigint;
  /** Whether the port delivers this event (system events and filtered-out ones are not). */
  accepts(event: ClientRecordedEvent): boolean;
  /** The caughtUp position: the last non-system position before `firstLive` (or the head). */
  caughtUpPosition(firstLive: RecordedEvent | undefined): Promise<bigint>;
}

export interface ResubscribePolicy {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

/** Live subscriptions the store ends when it closes. */
export type SubscriptionRegistry = Set<{ fail(error: Error): void }>;

/**
 * A catch-up subscription that survives the server: when the server cancels it or the
 * connection dies, it subscribes again after the last event it received, so nothing is skipped
 * or delivered twice. It retries for as long as the subscriber stays (with capped backoff); only
 * errors that a retry cannot fix (access denied, a malformed event…) end it.
 */
export function resilientSubscription(
  target: SubscriptionTarget,
  policy: ResubscribePolicy,
  registry: SubscriptionRegistry,
): Observable<SubscriptionMessage> {
  return new Observable<SubscriptionMessage>((subscriber) => {
    const run = new ResilientRun(target, policy, subscriber);
    registry.add(run);
    void run.start();
    return () => {
      registry.delete(run);
      run.stop();
    };
  });
}

class ResilientRun {
  private cursor: bigint | undefined;
  /** The start cursor is known ('end' is looked up once, before the first subscription). */
  private started = false;
  private lastDelivered: bigint | undefined;
  private current: ClientSubscription | undefined;
  private generation = 0;
  private attempts = 0;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** caughtUp was announced (once per port subscription, not per re-subscription). */
  private caughtUp: 'no' | 'pending' | 'sent' = 'no';
  /** Events received while the caughtUp position is being looked up; they follow it. */
  private held: RecordedEvent[] = [];

  constructor(
    private readonly target: SubscriptionTarget,
    private readonly policy: ResubscribePolicy,
    private readonly subscriber: Subscriber<SubscriptionMessage>,
  ) {}

  async start(): Promise<void> {
    try {
      this.cursor = await this.target.startCursor();
      this.started = true;
      this.connect();
    } catch (error: unknown) {
      this.dropped(error);
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.release();
  }

  fail(error: Error): void {
    if (this.stopped) return;
    this.stop();
    this.subscriber.error(error);
  }

  private connect(): void {
    if (this.stopped) return;
    const generation = ++this.generation;
    const live = (): boolean => !this.stopped && generation === this.generation;
    const subscription = this.target.open(this.cursor);
    this.current = subscription;
    subscription.on('confirmation', () => {
      if (live()) this.attempts = 0;
    });
    subscription.on('data', (resolved) => live() && this.received(resolved));
    subscription.on('caughtUp', () => live() && this.onCaughtUp());
    subscription.on('error', (error) => live() && this.dropped(error));
    subscription.on('end', () => live() && this.dropped(undefined));
  }

  private received(resolved: ResolvedEvent): void {
    const event = resolved.event;
    if (!event) return;
    const cursor = this.target.cursorOf(event);
    // A server may resend the boundary event after a re-subscription; never deliver it twice.
    if (this.cursor !== undefined && cursor <= this.cursor) return;
    this.cursor = cursor;
    if (!this.target.accepts(event)) return;
    let recorded: RecordedEvent;
    try {
      recorded = toRecordedEvent(event);
    } catch (error: unknown) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.caughtUp === 'pending') this.held.push(recorded);
    else this.deliver(recorded);
  }

  private deliver(event: RecordedEvent): void {
    this.lastDelivered = event.position;
    this.subscriber.next({ kind: 'event', event });
  }

  private onCaughtUp(): void {
    if (this.caughtUp !== 'no') return;
    this.caughtUp = 'pending';
    void this.announceCaughtUp();
  }

  private async announceCaughtUp(): Promise<void> {
    let position: bigint;
    try {
      position = await this.target.caughtUpPosition(this.held[0]);
    } catch (error: unknown) {
      if (!isTransient(toPortError(error))) return this.fail(asError(toPortError(error)));
      // The server went away meanwhile: the last position delivered is the best answer left.
      position = this.lastDelivered ?? 0n;
    }
    if (this.stopped) return;
    this.caughtUp = 'sent';
    this.subscriber.next({ kind: 'caughtUp', position });
    const held = this.held;
    this.held = [];
    for (const event of held) {
      if (this.stopped) return;
      this.deliver(event);
    }
  }

  /** The subscription ended without our asking: subscribe again after the cursor, or give up. */
  private dropped(error: unknown): void {
    if (this.stopped) return;
    this.release();
    if (error !== undefined && !isTransient(error)) {
      this.fail(asError(toPortError(error)));
      return;
    }
    const delay = Math.min(this.policy.maxDelayMs, this.policy.firstDelayMs * 2 ** this.attempts);
    this.attempts += 1;
    this.retryTimer = setTimeout(() => {
      if (!this.started) {
        void this.start();
        return;
      }
      try {
        this.connect();
      } catch (reason: unknown) {
        this.dropped(reason);
      }
    }, delay);
  }

  /** Detaches from the current client subscription and cancels its gRPC call. */
  private release(): void {
    const subscription = this.current;
    this.current = undefined;
    this.generation += 1;
    if (!subscription) return;
    subscription.removeAllListeners();
    // A late error from the cancelled call must not go unhandled.
    subscription.on('error', () => undefined);
    void subscription.unsubscribe().catch(() => undefined);
  }
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
