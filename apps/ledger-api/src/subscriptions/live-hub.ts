import type { EventFilter, EventStore, SubscriptionMessage } from '@ledger/event-store';
import type { Subscriber, Subscription } from 'rxjs';

/**
 * One live store subscription shared by every SSE session with the same store filter: with a
 * hundred subscribers, the store reads and parses each new event once, not a hundred times (and
 * EventStoreDB serves one filtered subscription, not a hundred).
 *
 * `covered` is the position up to which the hub has delivered every matching event: it starts
 * where the store subscription starts and moves with each event and with the store's caughtUp.
 * A session that has itself delivered every matching event up to `scanned` may join when
 * `scanned >= covered`: from then on the hub brings every later one, in order (what both sent,
 * the session drops by position). Joining and delivering are synchronous, so nothing falls between.
 */
export class LiveHub {
  private readonly listeners = new Set<Subscriber<SubscriptionMessage>>();
  private subscription: Subscription | undefined;
  private coveredTo: bigint;
  private failed = false;

  constructor(
    store: EventStore,
    filter: EventFilter | undefined,
    after: bigint,
    private readonly onEmpty: (hub: LiveHub) => void,
  ) {
    this.coveredTo = after;
    const subscription = store
      .subscribeToAll({ from: after === 0n ? 'start' : { after }, ...(filter ? { filter } : {}) })
      .subscribe({
        next: (message) => this.deliver(message),
        error: (error: unknown) => this.fail(error),
        complete: () => this.fail(new Error('the store ended the live subscription')),
      });
    // A store that fails at once (closed) has failed before `subscription` was assigned.
    if (this.failed) subscription.unsubscribe();
    else this.subscription = subscription;
  }

  get covered(): bigint {
    return this.coveredTo;
  }

  get size(): number {
    return this.listeners.size;
  }

  /** Joins if the listener has delivered everything up to `covered`; false: read more history first. */
  join(listener: Subscriber<SubscriptionMessage>, scanned: bigint): boolean {
    if (this.failed || scanned < this.coveredTo) return false;
    this.listeners.add(listener);
    return true;
  }

  leave(listener: Subscriber<SubscriptionMessage>): void {
    if (this.listeners.delete(listener) && this.listeners.size === 0) this.close();
  }

  close(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.listeners.clear();
    this.onEmpty(this);
  }

  private deliver(message: SubscriptionMessage): void {
    const position = message.kind === 'event' ? message.event.position : message.position;
    if (position > this.coveredTo) this.coveredTo = position;
    if (message.kind !== 'event') return;
    for (const listener of [...this.listeners]) listener.next(message);
  }

  private fail(error: unknown): void {
    this.failed = true;
    const listeners = [...this.listeners];
    this.close();
    for (const listener of listeners) listener.error(error);
  }
}

/** The hubs of one store, one per store filter, each closed when its last listener leaves. */
export class LiveHubs {
  private readonly hubs = new Map<string, LiveHub>();

  constructor(private readonly store: EventStore) {}

  /** The hub for this filter, created (starting after `scanned`) when there is none. */
  hubFor(filter: EventFilter | undefined, scanned: bigint): LiveHub {
    const key = JSON.stringify(filter ?? {});
    const existing = this.hubs.get(key);
    if (existing) return existing;
    const hub = new LiveHub(this.store, filter, scanned, (closed) => {
      if (this.hubs.get(key) === closed) this.hubs.delete(key);
    });
    this.hubs.set(key, hub);
    return hub;
  }

  /** Live store subscriptions held for SSE sessions (tests check it returns to zero). */
  get count(): number {
    return this.hubs.size;
  }
}
