import type { Observable } from 'rxjs';
import { StoreUnavailableError, StreamNotFoundError } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  Direction,
  EventFilter,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreKind,
  SubscribeToAllOptions,
  SubscribeToStreamOptions,
  SubscriptionMessage,
} from '../port';
import {
  checkNonNegative,
  validateAppend,
  validateFilter,
  validateReadAllOptions,
  validateReadStreamOptions,
  type ValidAppend,
} from '../validate';
import { catchUpSubscription } from './catch-up';
import type { LiveFeed } from './live-feed';
import { type StoredEvent, toRecordedEvent } from './stored-event';

/** A read of one stream; `from` is inclusive and, when absent, the first (forwards) or last event. */
export interface StreamRange {
  readonly stream: string;
  readonly direction: Direction;
  readonly from?: bigint;
  readonly limit?: number;
}

/** A read of the global log; `from` and `to` are inclusive bounds in the read's direction. */
export interface PositionRange {
  readonly direction: Direction;
  readonly from?: bigint;
  readonly to?: bigint;
  readonly limit?: number;
  readonly filter?: EventFilter;
}

/**
 * What an in-process adapter provides: synchronous reads over its log, an append, and the feed
 * it notifies after each commit. Everything else (validation, missing streams, subscriptions,
 * closing) is shared, so memory and sqlite cannot drift apart.
 */
export interface LocalEngine {
  append(append: ValidAppend): Promise<AppendResult>;
  readStream(range: StreamRange): StoredEvent[];
  readAll(range: PositionRange): StoredEvent[];
  lastRevision(stream: string): bigint | undefined;
  headPosition(): bigint;
  readonly feed: LiveFeed;
  /** Finishes queued appends and releases the engine's resources. */
  close(): Promise<void>;
}

/** The in-process adapters expose how many live listeners they hold, so tests can prove release. */
export interface InspectableEventStore extends EventStore {
  liveListenerCount(): number;
}

export const DEFAULT_CATCH_UP_PAGE_SIZE = 500;

export function createLocalEventStore(
  kind: StoreKind,
  engine: LocalEngine,
  catchUpPageSize = DEFAULT_CATCH_UP_PAGE_SIZE,
): InspectableEventStore {
  let closing: Promise<void> | undefined;
  const ensureOpen = (): void => {
    if (closing) throw new StoreUnavailableError(`The ${kind} event store is closed`);
  };
  const toEvents = (rows: StoredEvent[]): RecordedEvent[] => rows.map(toRecordedEvent);

  return {
    kind,
    async appendToStream(
      stream: string,
      events: readonly EventToAppend[],
      options?: AppendOptions,
    ) {
      ensureOpen();
      return engine.append(validateAppend(stream, events, options));
    },
    async readStream(stream: string, options: ReadStreamOptions = {}) {
      ensureOpen();
      validateReadStreamOptions(options);
      const direction = options.direction ?? 'forwards';
      const rows = engine.readStream({
        stream,
        direction,
        from: options.fromRevision,
        limit: options.maxCount,
      });
      // Only an empty answer needs the second look: is the stream missing, or read past its end?
      if (rows.length === 0 && engine.lastRevision(stream) === undefined)
        throw new StreamNotFoundError(stream);
      return toEvents(rows);
    },
    async readAll(options: ReadAllOptions = {}) {
      ensureOpen();
      validateReadAllOptions(options);
      const {
        direction = 'forwards',
        fromPosition: from,
        toPosition: to,
        maxCount: limit,
        filter,
      } = options;
      return toEvents(engine.readAll({ direction, from, to, limit, filter }));
    },
    async headPosition() {
      ensureOpen();
      return engine.headPosition();
    },
    subscribeToAll(options: SubscribeToAllOptions = {}): Observable<SubscriptionMessage> {
      validateFilter(options.filter);
      const from = options.from ?? 'start';
      if (typeof from === 'object') checkNonNegative('from.after', from.after);
      return catchUpSubscription(
        {
          startCursor: () => {
            ensureOpen();
            return from === 'start' ? 0n : from === 'end' ? engine.headPosition() : from.after;
          },
          readAfter: (cursor, limit) => {
            ensureOpen();
            return toEvents(
              engine.readAll({
                direction: 'forwards',
                from: cursor + 1n,
                limit,
                filter: options.filter,
              }),
            );
          },
          cursorOf: (event) => event.position,
          headPosition: () => engine.headPosition(),
          feed: engine.feed,
        },
        catchUpPageSize,
      );
    },
    subscribeToStream(
      stream: string,
      options: SubscribeToStreamOptions = {},
    ): Observable<SubscriptionMessage> {
      const from = options.from ?? 'start';
      if (typeof from === 'object') checkNonNegative('from.afterRevision', from.afterRevision);
      return catchUpSubscription(
        {
          startCursor: () => {
            ensureOpen();
            if (from === 'start') return -1n;
            return from === 'end' ? (engine.lastRevision(stream) ?? -1n) : from.afterRevision;
          },
          readAfter: (cursor, limit) => {
            ensureOpen();
            return toEvents(
              engine.readStream({ stream, direction: 'forwards', from: cursor + 1n, limit }),
            );
          },
          cursorOf: (event) => event.revision,
          headPosition: () => engine.headPosition(),
          feed: engine.feed,
        },
        catchUpPageSize,
      );
    },
    /** Waits for queued appends; live subscriptions then end with StoreUnavailableError. Idempotent. */
    close() {
      closing ??= engine.close().finally(() => {
        engine.feed.close(new StoreUnavailableError(`The ${kind} event store was closed`));
      });
      return closing;
    },
    liveListenerCount: () => engine.feed.listenerCount,
  };
}
