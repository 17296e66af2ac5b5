import {
  type EventFilter,
  type EventStore,
  readAllPage,
  type RecordedEvent,
  StreamNotFoundError,
  type SubscriptionMessage,
} from '@ledger/event-store';
import { Observable } from 'rxjs';
import type { LiveHubs } from './live-hub';

/** One page of history: the events after the cursor, and whether the log ended within it. */
export interface HistoryPage {
  readonly events: readonly RecordedEvent[];
  readonly ended: boolean;
}

/**
 * Where one subscriber's events come from. History is pulled a page at a time, so the reader
 * never holds more than a page; then `goLive` hands over to the store's catch-up subscription,
 * which starts exactly after the last event the pages returned.
 */
export interface EventFeed {
  nextPage(maxCount: number): Promise<HistoryPage>;
  goLive(): Observable<SubscriptionMessage>;
}

/**
 * $all, optionally filtered (a category is a stream-prefix filter). Pages start AT the cursor's
 * position (inclusive) and drop it: the cursor is always a real event's position, which every
 * adapter can start a read at, whereas "cursor + 1" need not be one on EventStoreDB.
 */
export class AllFeed implements EventFeed {
  /** Every matching event up to here has been returned by a page (see nextPage). */
  private scanned = 0n;

  constructor(
    private readonly store: EventStore,
    private cursor: bigint,
    private readonly filter: EventFilter | undefined,
    private readonly hubs: LiveHubs,
  ) {}

  async nextPage(maxCount: number): Promise<HistoryPage> {
    // The head is read first: a page that ends the log has returned every match up to it.
    const head = await this.store.headPosition();
    const { events, ended } = await readAllPage(this.store, {
      after: this.cursor,
      pageSize: maxCount,
      ...(this.filter ? { filter: this.filter } : {}),
    });
    const last = events.at(-1);
    if (last) this.cursor = last.position;
    const reached = last?.position ?? this.scanned;
    this.scanned = ended && head > reached ? head : reached;
    return { events, ended };
  }

  /**
   * Joins the shared live subscription for this filter. If it is ahead of what the pages have
   * returned, the missing events are read and passed on first (a page or two: the hub is at the
   * head), then it joins. A session never holds a store subscription of its own.
   */
  goLive(): Observable<SubscriptionMessage> {
    return new Observable<SubscriptionMessage>((subscriber) => {
      let joined: ReturnType<LiveHubs['hubFor']> | undefined;
      let stopped = false;
      const join = async (): Promise<void> => {
        for (;;) {
          const hub = this.hubs.hubFor(this.filter, this.scanned);
          if (hub.join(subscriber, this.scanned)) {
            joined = hub;
            subscriber.next({ kind: 'caughtUp', position: this.scanned });
            return;
          }
          const page = await this.nextPage(HUB_CATCH_UP_PAGE);
          if (stopped) return;
          for (const event of page.events) subscriber.next({ kind: 'event', event });
        }
      };
      join().catch((error: unknown) => subscriber.error(error));
      return () => {
        stopped = true;
        joined?.leave(subscriber);
      };
    });
  }
}

/** Events read per page while closing the gap to the shared live subscription. */
const HUB_CATCH_UP_PAGE = 256;

/**
 * One stream. Resume points are global positions (the SSE id is the same on every route), so the
 * first pages skip what the client already holds; afterwards the cursor is the stream revision.
 * A stream that does not exist yet has no history: the live subscription waits for it.
 */
export class StreamFeed implements EventFeed {
  private nextRevision = 0n;

  constructor(
    private readonly store: EventStore,
    private readonly stream: string,
    private readonly after: bigint,
  ) {}

  async nextPage(maxCount: number): Promise<HistoryPage> {
    let page: RecordedEvent[];
    try {
      page = await this.store.readStream(this.stream, {
        fromRevision: this.nextRevision,
        maxCount,
      });
    } catch (error: unknown) {
      if (error instanceof StreamNotFoundError) return { events: [], ended: true };
      throw error;
    }
    const last = page.at(-1);
    if (last) this.nextRevision = last.revision + 1n;
    return {
      events: page.filter((event) => event.position > this.after),
      ended: page.length < maxCount,
    };
  }

  goLive(): Observable<SubscriptionMessage> {
    const from = this.nextRevision === 0n ? 'start' : { afterRevision: this.nextRevision - 1n };
    return this.store.subscribeToStream(this.stream, { from });
  }
}
