import {
  type EventFilter,
  type EventStore,
  type RecordedEvent,
  StreamNotFoundError,
  type SubscriptionMessage,
} from '@ledger/event-store';
import type { Observable } from 'rxjs';

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
  constructor(
    private readonly store: EventStore,
    private cursor: bigint,
    private readonly filter: EventFilter | undefined,
  ) {}

  async nextPage(maxCount: number): Promise<HistoryPage> {
    const atStart = this.cursor === 0n;
    const requested = atStart ? maxCount : maxCount + 1;
    const page = await this.store.readAll({
      ...(atStart ? {} : { fromPosition: this.cursor }),
      maxCount: requested,
      ...(this.filter ? { filter: this.filter } : {}),
    });
    const after = this.cursor;
    const events = page.filter((event) => event.position > after);
    const last = events.at(-1);
    if (last) this.cursor = last.position;
    return { events, ended: page.length < requested };
  }

  goLive(): Observable<SubscriptionMessage> {
    return this.store.subscribeToAll({
      from: this.cursor === 0n ? 'start' : { after: this.cursor },
      ...(this.filter ? { filter: this.filter } : {}),
    });
  }
}

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
