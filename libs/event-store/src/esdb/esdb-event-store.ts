import { EventStoreDBClient, START } from '@eventstore/db-client';
import { Observable } from 'rxjs';
import { StoreUnavailableError } from '../errors';
import type {
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
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
} from '../validate';
import { appendEvents } from './esdb-append';
import type { CallPolicy } from './esdb-calls';
import { allPosition, isSystemEvent, matchesEventFilter, serverFilter } from './esdb-events';
import { EsdbReader } from './esdb-reads';
import {
  resilientSubscription,
  type ResubscribePolicy,
  type SubscriptionRegistry,
  type SubscriptionTarget,
} from './esdb-subscription';

export interface EsdbStoreOptions {
  /** e.g. `esdb://127.0.0.1:2113?tls=false`, or a cluster's `esdb+discover://…` / host list. */
  readonly connectionString: string;
  /** Longest wait for one server call before StoreUnavailableError (default 10 s). */
  readonly operationTimeoutMs?: number;
  /** Backoff between re-subscriptions after the server drops a subscription. */
  readonly resubscribe?: Partial<ResubscribePolicy>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const RETRY_DELAY_MS = 25;
const DEFAULT_RESUBSCRIBE: ResubscribePolicy = { firstDelayMs: 50, maxDelayMs: 1_000 };

/**
 * The event-store port on EventStoreDB, through @eventstore/db-client 6.x (the only code that
 * imports it). System events ('$' types) are never returned; positions are $all commit
 * positions; failures to reach the server are StoreUnavailableError.
 */
export function createEsdbEventStore(options: EsdbStoreOptions): EventStore {
  const client = EventStoreDBClient.connectionString(options.connectionString);
  let closing: Promise<void> | undefined;
  const policy: CallPolicy = {
    timeoutMs: options.operationTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    retryDelayMs: RETRY_DELAY_MS,
    mayRetry: () => closing === undefined,
  };
  const resubscribe: ResubscribePolicy = { ...DEFAULT_RESUBSCRIBE, ...options.resubscribe };
  const reader = new EsdbReader(client, policy);
  const registry: SubscriptionRegistry = new Set();
  const closedError = (): StoreUnavailableError | undefined =>
    closing ? new StoreUnavailableError('The esdb event store is closed') : undefined;
  const ensureOpen = (): void => {
    const closed = closedError();
    if (closed) throw closed;
  };
  const subscribe = (target: SubscriptionTarget): Observable<SubscriptionMessage> =>
    new Observable<SubscriptionMessage>((subscriber) => {
      const closed = closedError();
      if (closed) return subscriber.error(closed);
      return resilientSubscription(target, resubscribe, registry).subscribe(subscriber);
    });
  const caughtUpPosition = (firstLive: RecordedEvent | undefined): Promise<bigint> =>
    positionBefore(reader, firstLive);

  return {
    kind: 'esdb',
    async appendToStream(stream, events, appendOptions) {
      ensureOpen();
      return appendEvents(client, reader, policy, validateAppend(stream, events, appendOptions));
    },
    async readStream(stream: string, readOptions: ReadStreamOptions = {}) {
      ensureOpen();
      validateReadStreamOptions(readOptions);
      return reader.readStream(stream, readOptions);
    },
    async readAll(readOptions: ReadAllOptions = {}) {
      ensureOpen();
      validateReadAllOptions(readOptions);
      return reader.readAll(readOptions);
    },
    async headPosition() {
      ensureOpen();
      return reader.headPosition();
    },
    subscribeToAll(subscribeOptions: SubscribeToAllOptions = {}) {
      const { filter, from = 'start' } = subscribeOptions;
      validateFilter(filter);
      if (typeof from === 'object') checkNonNegative('from.after', from.after);
      return subscribe({
        startCursor: async () =>
          from === 'start' ? undefined : from === 'end' ? reader.logEnd() : from.after,
        open: (after) =>
          client.subscribeToAll({
            fromPosition: after === undefined ? START : allPosition(after),
            filter: serverFilter(filter),
          }),
        cursorOf: (event) => event.position?.commit ?? 0n,
        accepts: (event) => matchesEventFilter(filter, event),
        caughtUpPosition,
      });
    },
    subscribeToStream(stream: string, subscribeOptions: SubscribeToStreamOptions = {}) {
      const { from = 'start' } = subscribeOptions;
      if (typeof from === 'object') checkNonNegative('from.afterRevision', from.afterRevision);
      return subscribe({
        startCursor: async () =>
          from === 'start'
            ? undefined
            : from === 'end'
              ? reader.lastRevision(stream)
              : from.afterRevision,
        open: (after) => client.subscribeToStream(stream, { fromRevision: after ?? START }),
        cursorOf: (event) => event.revision,
        accepts: (event) => !isSystemEvent(event),
        caughtUpPosition,
      });
    },
    /** Ends live subscriptions with StoreUnavailableError, then releases the gRPC channel. Idempotent. */
    close() {
      closing ??= (async () => {
        const ended = new StoreUnavailableError('The esdb event store was closed');
        for (const run of [...registry]) run.fail(ended);
        registry.clear();
        await client.dispose();
      })();
      return closing;
    },
  };
}

/**
 * The caughtUp position: the last non-system position the store held when history ended. If
 * live events already arrived while it was being looked up, it is the last one before them.
 */
async function positionBefore(
  reader: EsdbReader,
  firstLive: RecordedEvent | undefined,
): Promise<bigint> {
  const head = await reader.headPosition();
  if (!firstLive || head < firstLive.position) return head;
  return reader.lastPositionBefore(firstLive.position);
}
