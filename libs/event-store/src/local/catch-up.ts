import { Observable, type Subscriber } from 'rxjs';
import type { RecordedEvent, SubscriptionMessage } from '../port';
import type { LiveFeed } from './live-feed';

/**
 * What a catch-up subscription reads, all synchronously. A cursor is a global position for $all
 * subscriptions and a stream revision for stream subscriptions.
 */
export interface CatchUpSource {
  /** The cursor to start after (exclusive), decided when the Observable is subscribed. */
  startCursor(): bigint;
  /** Up to `limit` events after `cursor`, in order. */
  readAfter(cursor: bigint, limit: number): RecordedEvent[];
  cursorOf(event: RecordedEvent): bigint;
  headPosition(): bigint;
  readonly feed: LiveFeed;
}

/**
 * A cold Observable: each subscribe reads history in pages (yielding to the event loop between
 * pages), then goes live. The hand-over is exact because the in-process stores commit
 * synchronously: the last, short page is read and the live listener registered in the same tick,
 * before any subscriber code runs, so no commit can fall between them.
 */
export function catchUpSubscription(
  source: CatchUpSource,
  pageSize: number,
): Observable<SubscriptionMessage> {
  return new Observable<SubscriptionMessage>((subscriber) => {
    const run = new CatchUpRun(source, pageSize, subscriber);
    run.start();
    return () => run.stop();
  });
}

class CatchUpRun {
  private cursor = 0n;
  private stopped = false;
  private scheduled: NodeJS.Immediate | undefined;
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly source: CatchUpSource,
    private readonly pageSize: number,
    private readonly subscriber: Subscriber<SubscriptionMessage>,
  ) {}

  start(): void {
    this.guarded(() => {
      this.cursor = this.source.startCursor();
      this.catchUpPage();
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.unlisten?.();
    this.unlisten = undefined;
  }

  private catchUpPage(): void {
    const page = this.source.readAfter(this.cursor, this.pageSize);
    if (page.length === this.pageSize) {
      this.emit(page);
      this.schedule(() => this.catchUpPage());
      return;
    }
    this.unlisten = this.source.feed.listen({
      wake: () => this.wake(),
      closed: (error) => this.fail(error),
    });
    const caughtUpAt = this.source.headPosition();
    this.emit(page);
    if (this.stopped) return;
    this.subscriber.next({ kind: 'caughtUp', position: caughtUpAt });
    // One more look once live: a commit by another process can land between the tail read and
    // the moment the cross-process poller takes its baseline; this read picks it up.
    this.wake();
  }

  private wake(): void {
    if (!this.stopped && this.scheduled === undefined) this.schedule(() => this.livePage());
  }

  private livePage(): void {
    const page = this.source.readAfter(this.cursor, this.pageSize);
    this.emit(page);
    if (page.length === this.pageSize) this.wake();
  }

  /** The cursor moves before each delivery, so a subscriber that reacts by appending never sees a repeat. */
  private emit(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (this.stopped) return;
      this.cursor = this.source.cursorOf(event);
      this.subscriber.next({ kind: 'event', event });
    }
  }

  private schedule(step: () => void): void {
    if (this.stopped) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      this.guarded(step);
    });
  }

  private guarded(step: () => void): void {
    try {
      step();
    } catch (error: unknown) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    if (this.stopped) return;
    this.stop();
    this.subscriber.error(error);
  }
}
