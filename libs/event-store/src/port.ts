import type { Observable } from 'rxjs';

/** A JSON value as stored in event data and metadata. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * The expected state of a stream when appending, as in EventStoreDB:
 * - 'any': no check;
 * - 'no_stream': the stream must not exist yet;
 * - 'stream_exists': the stream must hold at least one event;
 * - a bigint: the revision of the stream's last event (the first event has revision 0n).
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** What a writer hands to the store. The id makes retries idempotent. */
export interface EventToAppend {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata?: JsonObject;
}

/** An event as the store recorded it. */
export interface RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  readonly stream: string;
  /** Position within its stream; the first event is 0n. */
  readonly revision: bigint;
  /** Position in the global order: strictly increasing, never reused. */
  readonly position: bigint;
  /** The store's clock when it committed the event; never decreases in global order. */
  readonly recordedAt: Date;
}

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** The revision of the stream's last event after the append: pass it as the next expectedRevision. */
  readonly nextExpectedRevision: bigint;
  /** The global position of the last event written (or already present, on an idempotent retry). */
  readonly position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive start. Defaults to the first event forwards, the last event backwards. */
  readonly fromRevision?: bigint;
  readonly direction?: Direction;
  readonly maxCount?: number;
}

/** Server-side filter for $all reads and subscriptions. Both lists are alternatives (OR). */
export interface EventFilter {
  readonly eventTypes?: readonly string[];
  readonly streamPrefixes?: readonly string[];
}

export interface ReadAllOptions {
  /** Inclusive start. Defaults to the start forwards, the end backwards. */
  readonly fromPosition?: bigint;
  /** Inclusive end (in the read's direction). */
  readonly toPosition?: bigint;
  readonly direction?: Direction;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

/** Where a subscription starts: the start, the end, or just after a position (exclusive). */
export type SubscriptionStart = 'start' | 'end' | { readonly after: bigint };

export interface SubscribeToAllOptions {
  readonly from?: SubscriptionStart;
  readonly filter?: EventFilter;
}

export type StreamSubscriptionStart = 'start' | 'end' | { readonly afterRevision: bigint };

export interface SubscribeToStreamOptions {
  readonly from?: StreamSubscriptionStart;
}

/**
 * What a catch-up subscription delivers: events in order, and once the signal that history has
 * been delivered and what follows is live. `position` in caughtUp is the last global position the
 * subscription had seen when it caught up (0n when there was nothing).
 */
export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  | { readonly kind: 'caughtUp'; readonly position: bigint };

export type StoreKind = 'sqlite' | 'memory' | 'esdb';

/**
 * The event-store port. Every adapter (memory, sqlite, esdb) behaves identically; the contract
 * suite in ./testing proves it.
 */
export interface EventStore {
  readonly kind: StoreKind;
  appendToStream(
    stream: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /** Throws StreamNotFoundError when the stream holds no event. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The global position of the last event in the store, 0n when empty. */
  headPosition(): Promise<bigint>;
  subscribeToAll(options?: SubscribeToAllOptions): Observable<SubscriptionMessage>;
  subscribeToStream(
    stream: string,
    options?: SubscribeToStreamOptions,
  ): Observable<SubscriptionMessage>;
  close(): Promise<void>;
}
