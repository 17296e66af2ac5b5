import { map } from 'rxjs';
import {
  type AppendOptions,
  type AppendResult,
  DuplicateEventIdError,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  InvalidAppendError,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  StreamNotFoundError,
  type SubscribeToAllOptions,
  type SubscribeToStreamOptions,
  type SubscriptionMessage,
  type ValidAppend,
  validateAppend,
  WrongExpectedVersionError,
} from '@ledger/event-store';
import { AuditTrailError, CanonicalJsonError } from './errors';
import {
  AUDIT_ALGORITHM,
  AUDIT_METADATA_KEY,
  eventHash,
  GENESIS_HASH,
  readAuditFields,
  withAuditFields,
  withoutAudit,
} from './event-hash';

/** Where a decorated store keeps the store it decorates: reads through it see the audit fields. */
const INNER_STORE = Symbol.for('@ledger/audit.innerStore');

export interface HashChainOptions {
  /** How often an append under 'any' or 'stream_exists' is retried when a racing writer moves the stream. */
  readonly maxAttempts?: number;
}

/** Where the chain of an append starts, and the exact expected revision that pins it there. */
interface ChainBase {
  readonly prevHash: string;
  readonly firstRevision: bigint;
  readonly pin: 'no_stream' | bigint;
}

/** True when the store already computes the hash chain (wrapping twice would reject every append). */
export function isHashChained(store: EventStore): boolean {
  return innerStoreOf(store) !== undefined;
}

function innerStoreOf(store: EventStore): EventStore | undefined {
  return (store as unknown as Record<symbol, EventStore | undefined>)[INNER_STORE];
}

/**
 * The store as the auditor reads it: events with their `metadata.audit`. A hash-chained store
 * hides those fields from ordinary readers; the verifier, the checkpointer and proofs read here.
 */
export function auditView(store: EventStore): EventStore {
  return innerStoreOf(store) ?? store;
}

/**
 * Decorates any adapter so that every appended event carries `metadata.audit`: its hash, chained
 * to the hash of the event before it in its stream. The chain is computed from the stream's
 * actual last event and appended with that exact expected revision, so a racing writer makes the
 * append fail (and, under 'any', retry) rather than break the chain. Everything else — reads,
 * subscriptions, errors, idempotent retries by event id — behaves as the port says, and readers
 * get back exactly the metadata they wrote (see auditView for the fields).
 */
export function withHashChain<S extends EventStore>(store: S, options: HashChainOptions = {}): S {
  if (isHashChained(store)) return store;
  const appender = new ChainedAppender(store, options.maxAttempts ?? 10);
  const overrides: Partial<Record<PropertyKey, unknown>> = {
    [INNER_STORE]: store,
    appendToStream: appender.append,
    readStream: async (stream: string, o?: ReadStreamOptions) =>
      (await store.readStream(stream, o)).map(hideAudit),
    readAll: async (o?: ReadAllOptions) => (await store.readAll(o)).map(hideAudit),
    subscribeToAll: (o?: SubscribeToAllOptions) =>
      store.subscribeToAll(o).pipe(map(hideAuditInMessage)),
    subscribeToStream: (stream: string, o?: SubscribeToStreamOptions) =>
      store.subscribeToStream(stream, o).pipe(map(hideAuditInMessage)),
  };
  // A proxy, so adapter-specific extras (liveListenerCount, …) stay reachable through the decorator.
  return new Proxy(store, {
    get(target, property) {
      if (property in overrides) return overrides[property];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

function hideAudit(event: RecordedEvent): RecordedEvent {
  return AUDIT_METADATA_KEY in event.metadata
    ? { ...event, metadata: withoutAudit(event.metadata) }
    : event;
}

function hideAuditInMessage(message: SubscriptionMessage): SubscriptionMessage {
  return message.kind === 'event' ? { kind: 'event', event: hideAudit(message.event) } : message;
}

/**
 * Runs one task at a time per key. Appends to one stream from one process queue here instead of
 * racing (which under 'any' would only cost retries); other processes are handled by the retry.
 */
class StreamQueues {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

class ChainedAppender {
  private readonly queues = new StreamQueues();

  constructor(
    private readonly inner: EventStore,
    private readonly maxAttempts: number,
  ) {}

  readonly append = async (
    stream: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult> => {
    const append = validateAppend(stream, events, options);
    return this.queues.run(append.stream, () => this.appendValid(append));
  };

  private async appendValid(append: ValidAppend): Promise<AppendResult> {
    const stream = append.stream;
    append.events.forEach((event, index) => {
      if (AUDIT_METADATA_KEY in event.metadata) {
        throw new InvalidAppendError(
          `Event #${index} metadata.${AUDIT_METADATA_KEY} is reserved for the hash chain`,
        );
      }
    });
    for (let attempt = 1; ; attempt++) {
      const base = await this.baseFor(stream, append.expectedRevision);
      if (base instanceof WrongExpectedVersionError) return this.retryWhereStored(append, base);
      try {
        return await this.inner.appendToStream(stream, this.chain(append, base), {
          expectedRevision: base.pin,
        });
      } catch (error) {
        if (error instanceof DuplicateEventIdError) return this.retryWhereStored(append, error);
        // Under 'any' or 'stream_exists' the caller did not pin the stream: a race is ours to retry.
        const resolved =
          typeof append.expectedRevision !== 'bigint' && append.expectedRevision !== 'no_stream';
        if (error instanceof WrongExpectedVersionError && resolved && attempt < this.maxAttempts)
          continue;
        throw error;
      }
    }
  }

  /** The event the new events chain onto, or the error the caller's expected revision deserves. */
  private async baseFor(
    stream: string,
    expected: ExpectedRevision,
  ): Promise<ChainBase | WrongExpectedVersionError> {
    if (expected === 'no_stream')
      return { prevHash: GENESIS_HASH, firstRevision: 0n, pin: 'no_stream' };
    const found = await this.readLast(stream, typeof expected === 'bigint' ? expected : undefined);
    if (typeof expected === 'bigint') {
      return found?.revision === expected
        ? baseAfter(found)
        : new WrongExpectedVersionError(stream, expected, found?.revision ?? 'no_stream');
    }
    if (found !== undefined) return baseAfter(found);
    if (expected === 'stream_exists')
      return new WrongExpectedVersionError(stream, expected, 'no_stream');
    return { prevHash: GENESIS_HASH, firstRevision: 0n, pin: 'no_stream' };
  }

  /** The stream's last event at or before `atOrBefore`, undefined when the stream holds none. */
  private async readLast(stream: string, atOrBefore?: bigint): Promise<RecordedEvent | undefined> {
    try {
      const options = { direction: 'backwards', maxCount: 1 } as const;
      const [event] = await this.inner.readStream(
        stream,
        atOrBefore === undefined ? options : { ...options, fromRevision: atOrBefore },
      );
      return event;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * The ids were (maybe) stored already, with the chain of the place they were stored at. An
   * idempotent retry must carry that same chain to be recognised, so find the place, check the
   * caller's expected revision agrees with it as an adapter would, and re-send pinned there.
   */
  private async retryWhereStored(append: ValidAppend, error: Error): Promise<AppendResult> {
    const first = append.events[0];
    const stored = first && (await this.findInStream(append.stream, first.id));
    if (stored === undefined) throw error;
    const expected = append.expectedRevision;
    const agrees =
      expected === 'any' ||
      expected === 'stream_exists' ||
      (expected === 'no_stream' && stored.revision === 0n) ||
      expected === stored.revision - 1n;
    if (!agrees) {
      const last = await this.readLast(append.stream);
      throw new WrongExpectedVersionError(append.stream, expected, last?.revision ?? 'no_stream');
    }
    let base: ChainBase = { prevHash: GENESIS_HASH, firstRevision: 0n, pin: 'no_stream' };
    if (stored.revision > 0n) {
      const before = await this.readLast(append.stream, stored.revision - 1n);
      if (before === undefined) throw error;
      base = baseAfter(before);
    }
    return this.inner.appendToStream(append.stream, this.chain(append, base), {
      expectedRevision: base.pin,
    });
  }

  /** Scans the stream from its end, a page at a time: only ever run when an append reuses ids. */
  private async findInStream(stream: string, id: string): Promise<RecordedEvent | undefined> {
    const pageSize = 256;
    let from: bigint | undefined;
    for (;;) {
      let page: RecordedEvent[];
      try {
        const options = { direction: 'backwards', maxCount: pageSize } as const;
        page = await this.inner.readStream(
          stream,
          from === undefined ? options : { ...options, fromRevision: from },
        );
      } catch (error) {
        if (error instanceof StreamNotFoundError) return undefined;
        throw error;
      }
      const match = page.find((event) => event.id.toLowerCase() === id);
      const oldest = page.at(-1);
      if (
        match !== undefined ||
        oldest === undefined ||
        oldest.revision === 0n ||
        page.length < pageSize
      )
        return match;
      from = oldest.revision - 1n;
    }
  }

  private chain(append: ValidAppend, base: ChainBase): EventToAppend[] {
    let prevHash = base.prevHash;
    let revision = base.firstRevision;
    return append.events.map((event, index) => {
      let hash: string;
      try {
        hash = eventHash({ ...event, stream: append.stream, revision }, prevHash);
      } catch (error) {
        if (error instanceof CanonicalJsonError)
          throw new InvalidAppendError(`Event #${index}: ${error.message}`);
        throw error;
      }
      const metadata = withAuditFields(event.metadata, { alg: AUDIT_ALGORITHM, prevHash, hash });
      prevHash = hash;
      revision += 1n;
      return { id: event.id, type: event.type, data: event.data, metadata };
    });
  }
}

function baseAfter(event: RecordedEvent): ChainBase {
  const audit = readAuditFields(event.metadata);
  if (!audit.ok) {
    throw new AuditTrailError(
      `Cannot extend stream "${event.stream}": its event at revision ${event.revision} has no valid audit hash (${audit.problem})`,
      event.position,
    );
  }
  return { prevHash: audit.fields.hash, firstRevision: event.revision + 1n, pin: event.revision };
}
