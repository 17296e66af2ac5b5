import {
  type AppendOptions,
  type AppendResult,
  DuplicateEventIdError,
  type EventStore,
  type EventToAppend,
  InvalidAppendError,
  LruMap,
  type RecordedEvent,
  readStreamOrEmpty,
  retryAgreesWithStored,
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
} from './event-hash';

/**
 * How far back from a stream's end an append under 'any' or 'stream_exists' looks for its own ids,
 * to recognise a retry. The local adapters would also report a retry found further back (as a
 * DuplicateEventIdError, handled below); EventStoreDB would not, like its own best-effort check.
 */
const RETRY_WINDOW = 32;

/** Where the chain of an append starts, and the exact expected revision that pins it there. */
interface ChainBase {
  readonly prevHash: string;
  readonly firstRevision: bigint;
  readonly pin: 'no_stream' | bigint;
}

type Start =
  | { readonly kind: 'after'; readonly base: ChainBase }
  | { readonly kind: 'refused'; readonly error: WrongExpectedVersionError }
  | { readonly kind: 'stored'; readonly first: RecordedEvent };

const GENESIS: ChainBase = { prevHash: GENESIS_HASH, firstRevision: 0n, pin: 'no_stream' };

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

/** How many streams' last hashes a process keeps (least recently used dropped first). */
const TAILS_KEPT = 10_000;

/** The append of withHashChain: see there. */
export class ChainedAppender {
  private readonly queues = new StreamQueues();
  /**
   * The chain base after the last event this process appended to or read from each stream. An
   * event's hash never changes, so the base after revision N stays right; an append pinned to N
   * when another writer has moved the stream on is refused by the adapter, as it would be anyway.
   */
  private readonly tails = new LruMap<string, ChainBase>(TAILS_KEPT);

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
    append.events.forEach((event, index) => {
      if (AUDIT_METADATA_KEY in event.metadata) {
        throw new InvalidAppendError(
          `Event #${index} metadata.${AUDIT_METADATA_KEY} is reserved for the hash chain`,
        );
      }
    });
    return this.queues.run(append.stream, () => this.appendValid(append));
  };

  private async appendValid(append: ValidAppend): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      const start = await this.startOf(append);
      if (start.kind === 'refused') return this.retryWhereStored(append, start.error);
      if (start.kind === 'stored') return this.resendWhereStored(append, start.first);
      try {
        const chained = this.chain(append, start.base);
        const result = await this.inner.appendToStream(append.stream, chained, {
          expectedRevision: start.base.pin,
        });
        this.keepTail(append.stream, chained, result);
        return result;
      } catch (error) {
        if (error instanceof DuplicateEventIdError) return this.retryWhereStored(append, error);
        // Under 'any' or 'stream_exists' the caller did not pin the stream: a race is ours to retry.
        const unpinned =
          append.expectedRevision === 'any' || append.expectedRevision === 'stream_exists';
        if (error instanceof WrongExpectedVersionError && unpinned && attempt < this.maxAttempts)
          continue;
        throw error;
      }
    }
  }

  /** The event the new events chain onto, the refusal the expected revision deserves, or a retry's stored events. */
  private async startOf(append: ValidAppend): Promise<Start> {
    const { stream, expectedRevision: expected } = append;
    if (expected === 'no_stream') return { kind: 'after', base: GENESIS };
    if (typeof expected === 'bigint') return this.startAt(stream, expected);
    const tail = await this.readBackwards(stream, append.events.length + RETRY_WINDOW);
    const last = tail[0];
    if (last === undefined) {
      if (expected === 'any') return { kind: 'after', base: GENESIS };
      return {
        kind: 'refused',
        error: new WrongExpectedVersionError(stream, expected, 'no_stream'),
      };
    }
    const firstId = append.events[0]?.id;
    const stored = tail.find((event) => event.id.toLowerCase() === firstId);
    return stored ? { kind: 'stored', first: stored } : { kind: 'after', base: baseAfter(last) };
  }

  /** Where an append pinned to an exact revision chains on: the kept tail, else the event read there. */
  private async startAt(stream: string, expected: bigint): Promise<Start> {
    const kept = this.tails.get(stream);
    if (kept?.pin === expected) return { kind: 'after', base: kept };
    const [found] = await this.readBackwards(stream, 1, expected);
    if (found?.revision === expected) return { kind: 'after', base: baseAfter(found) };
    return {
      kind: 'refused',
      error: new WrongExpectedVersionError(stream, expected, found?.revision ?? 'no_stream'),
    };
  }

  /** Up to `count` events from the stream's end (or from `from`) backwards; none for a missing stream. */
  private readBackwards(stream: string, count: number, from?: bigint): Promise<RecordedEvent[]> {
    const options = { direction: 'backwards', maxCount: count } as const;
    return readStreamOrEmpty(
      this.inner,
      stream,
      from === undefined ? options : { ...options, fromRevision: from },
    );
  }

  /** The adapter reported reused ids (or refused the revision): they may be this batch, stored earlier. */
  private async retryWhereStored(append: ValidAppend, error: Error): Promise<AppendResult> {
    const first = append.events[0];
    const stored = first && (await this.findInStream(append.stream, first.id));
    if (stored === undefined) throw error;
    return this.resendWhereStored(append, stored);
  }

  /**
   * An idempotent retry must carry the chain of the place its events were stored at to be
   * recognised: check the caller's expected revision agrees with that place as an adapter would,
   * and re-send the batch pinned there. The adapter then answers the original result, or
   * DuplicateEventIdError if the events differ.
   */
  private async resendWhereStored(
    append: ValidAppend,
    first: RecordedEvent,
  ): Promise<AppendResult> {
    const { stream, expectedRevision: expected } = append;
    if (!retryAgreesWithStored(expected, first.revision)) {
      const [last] = await this.readBackwards(stream, 1);
      throw new WrongExpectedVersionError(stream, expected, last?.revision ?? 'no_stream');
    }
    let base = GENESIS;
    if (first.revision > 0n) {
      const [before] = await this.readBackwards(stream, 1, first.revision - 1n);
      if (before === undefined)
        throw new AuditTrailError(
          `Stream "${stream}" lost the event before revision ${first.revision}`,
        );
      base = baseAfter(before);
    }
    return this.inner.appendToStream(stream, this.chain(append, base), {
      expectedRevision: base.pin,
    });
  }

  /** Scans the stream from its end, a page at a time: only ever run when an append reuses ids. */
  private async findInStream(stream: string, id: string): Promise<RecordedEvent | undefined> {
    const pageSize = 256;
    let from: bigint | undefined;
    for (;;) {
      const page = await this.readBackwards(stream, pageSize, from);
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

  /** Remembers where the chain of a stream ends after this append. */
  private keepTail(stream: string, chained: readonly EventToAppend[], result: AppendResult): void {
    const last = chained.at(-1);
    if (last?.metadata === undefined) return;
    const audit = readAuditFields(last.metadata);
    if (!audit.ok) return;
    const pin = result.nextExpectedRevision;
    this.tails.set(stream, { prevHash: audit.fields.hash, firstRevision: pin + 1n, pin });
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
