import { randomUUID } from 'node:crypto';
import type { Observable, Subscription } from 'rxjs';
import type {
  EventStore,
  EventToAppend,
  JsonObject,
  RecordedEvent,
  SubscriptionMessage,
} from '../port';

/** What every contract section gets: the store under test and how long to wait for deliveries. */
export interface ContractContext {
  store(): EventStore;
  readonly deliveryTimeoutMs: number;
  readonly open: () => Promise<EventStore>;
  /** Registers the hooks that open the shared store before the section and close it after. */
  useStore(): void;
}

/**
 * A prefix no other test (or earlier run against a shared server) uses: stream names start with
 * it, and $all reads filter by it.
 */
export function uniqueTag(): string {
  return `ct${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

export function anEvent(
  type = 'ContractEventRecorded',
  data: JsonObject = {},
  metadata?: JsonObject,
): EventToAppend {
  return { id: randomUUID(), type, data, ...(metadata ? { metadata } : {}) };
}

export function someEvents(count: number, type = 'ContractEventRecorded'): EventToAppend[] {
  return Array.from({ length: count }, (_, n) => anEvent(type, { n }));
}

/**
 * Puts unrelated events in a store before the contract runs against it, so that no test can pass
 * by assuming an empty store (a real EventStoreDB never is).
 */
export async function withUnrelatedEvents<S extends EventStore>(store: S): Promise<S> {
  await store.appendToStream(`${uniqueTag()}-unrelated`, someEvents(3, 'UnrelatedEventRecorded'));
  return store;
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error: unknown) {
    return error;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

export function idsOf(events: readonly { readonly id: string }[]): string[] {
  return events.map((event) => event.id);
}

export function expectStrictlyIncreasing(values: readonly bigint[]): void {
  values.slice(1).forEach((value, i) => {
    if (!(value > (values[i] as bigint)))
      throw new Error(`Not strictly increasing at ${i + 1}: ${values.join(', ')}`);
  });
}

/** Records what a subscription delivers, and waits for conditions on it with a deadline. */
export class Recording {
  readonly messages: SubscriptionMessage[] = [];
  private failure: { error: unknown } | undefined;
  private readonly subscription: Subscription;
  private readonly waiters = new Set<() => void>();

  constructor(
    observable: Observable<SubscriptionMessage>,
    private readonly timeoutMs: number,
    private readonly onMessage: (message: SubscriptionMessage) => void = () => undefined,
  ) {
    this.subscription = observable.subscribe({
      next: (message) => {
        this.onMessage(message);
        this.messages.push(message);
        this.notify();
      },
      error: (error: unknown) => {
        this.failure = { error };
        this.notify();
      },
    });
  }

  get events(): RecordedEvent[] {
    return this.messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
  }

  get caughtUpCount(): number {
    return this.messages.filter((m) => m.kind === 'caughtUp').length;
  }

  /** Events delivered before the caught-up signal (all of them if it has not come). */
  get history(): RecordedEvent[] {
    const end = this.messages.findIndex((m) => m.kind === 'caughtUp');
    return this.messages
      .slice(0, end === -1 ? undefined : end)
      .flatMap((m) => (m.kind === 'event' ? [m.event] : []));
  }

  get caughtUpPosition(): bigint | undefined {
    const message = this.messages.find((m) => m.kind === 'caughtUp');
    return message?.kind === 'caughtUp' ? message.position : undefined;
  }

  get error(): unknown {
    return this.failure?.error;
  }

  waitForCaughtUp(): Promise<void> {
    return this.waitUntil('the caught-up signal', () => this.caughtUpCount > 0);
  }

  waitForEventCount(count: number): Promise<void> {
    return this.waitUntil(`${count} events`, () => this.events.length >= count);
  }

  waitForIds(ids: readonly string[]): Promise<void> {
    return this.waitUntil(`${ids.length} given events`, () => {
      const seen = new Set(idsOf(this.events));
      return ids.every((id) => seen.has(id));
    });
  }

  /** Resolves with the error the subscription ended with. */
  async waitForError(): Promise<unknown> {
    try {
      await this.waitUntil('an error', () => false);
    } catch (timeoutOrFailure: unknown) {
      if (this.failure) return this.failure.error;
      throw timeoutOrFailure;
    }
    throw new Error('The subscription ended without an error');
  }

  waitUntil(what: string, condition: () => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!this.failure && !condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        // The subscription's own error, whatever it is, is what the test must see.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        if (this.failure) reject(this.failure.error);
        else resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `Timed out after ${this.timeoutMs} ms waiting for ${what}; got ${this.describe()}`,
          ),
        );
      }, this.timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  stop(): void {
    this.subscription.unsubscribe();
  }

  private notify(): void {
    for (const check of [...this.waiters]) check();
  }

  private describe(): string {
    return `${this.events.length} events, ${this.caughtUpCount} caught-up signals${this.failure ? ', an error' : ''}`;
  }
}

/** Creates recordings and stops every one of them after each test. */
export function useRecordings(
  timeoutMs: number,
): (
  observable: Observable<SubscriptionMessage>,
  onMessage?: (message: SubscriptionMessage) => void,
) => Recording {
  const open = new Set<Recording>();
  afterEach(() => {
    for (const recording of open) recording.stop();
    open.clear();
  });
  return (observable, onMessage) => {
    const recording = new Recording(observable, timeoutMs, onMessage);
    open.add(recording);
    return recording;
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
