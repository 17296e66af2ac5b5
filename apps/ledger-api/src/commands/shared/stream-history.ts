import {
  agreementDecider,
  type AgreementState,
  type ContextNeeds,
  agreementStreamFor,
  type Decider,
  type LedgerContext,
  type LedgerEvent,
  parseLedgerEvent,
  type RegisteredSource,
  sourceDecider,
  type SourceLookup,
  type SourceState,
  sourceStreamFor,
} from '@ledger/domain';
import {
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type JsonObject,
  LruMap,
  readStreamOrEmpty,
  type RecordedEvent,
} from '@ledger/event-store';
import { KeysSeen } from './idempotency';

/** Every event of a stream (or those from a revision on), [] when it does not exist yet. */
export function readHistory(
  store: EventStore,
  stream: string,
  fromRevision?: bigint,
): Promise<RecordedEvent[]> {
  return readStreamOrEmpty(
    store,
    stream,
    fromRevision === undefined ? undefined : { fromRevision },
  );
}

/** A stored event as the domain's union; the schema version travels in the metadata. */
export function toLedgerEvent(
  recorded: Pick<RecordedEvent, 'type' | 'metadata' | 'data'>,
): LedgerEvent {
  return parseLedgerEvent({
    type: recorded.type,
    schemaVersion: recorded.metadata.schemaVersion,
    data: recorded.data,
  });
}

/**
 * A stream folded to its last event: its state, that event's revision (undefined: no stream yet),
 * and the idempotency keys its events carry (shared by the folds of one stream: it only grows).
 */
export interface Folded<S> {
  readonly state: S;
  readonly revision: bigint | undefined;
  readonly keys: KeysSeen;
}

type Folder<E extends LedgerEvent, S> = Pick<
  Decider<unknown, E, S, unknown>,
  'initialState' | 'fold'
>;

/** How many folded streams a process keeps (least recently used dropped first). */
export const FOLDED_STREAMS_KEPT = 1_000;

/**
 * Folded streams, kept between commands. Events never change, so the state folded up to revision
 * N stays right: the next load reads only the events after N (from any writer, in this process or
 * another) and folds them on, idempotency keys included; after a restart (or once dropped from
 * the cache) the first load reads the stream once. The exact expected revision of the append still guards every
 * decision, so a state another writer has moved past fails the append and is reloaded.
 */
export class StreamStates {
  private readonly folded: LruMap<string, Folded<unknown>>;

  constructor(
    private readonly store: EventStore,
    capacity: number = FOLDED_STREAMS_KEPT,
  ) {
    this.folded = new LruMap(capacity);
  }

  /**
   * The stream's current state: the kept fold plus the events recorded since. A kept state that
   * `settled` says can never change again (a registered source) is returned without a read.
   */
  async load<E extends LedgerEvent, S>(
    stream: string,
    decider: Folder<E, S>,
    settled?: (state: S) => boolean,
  ): Promise<Folded<S>> {
    const kept = this.folded.get(stream) as Folded<S> | undefined;
    if (kept !== undefined && settled?.(kept.state)) return kept;
    return this.readOn(stream, decider, kept);
  }

  /**
   * The kept fold as it is, without a read (undefined when none is kept): it may miss what another
   * process wrote since, which the exact expected revision of the append then refuses.
   */
  kept<S>(stream: string): Folded<S> | undefined {
    return this.folded.get(stream) as Folded<S> | undefined;
  }

  /**
   * Folds on the events this process just appended after `from` (the fold its decision used), as
   * a read would: their stored JSON, parsed back. When the append did not land right after
   * `from` (an idempotent retry found them stored earlier), the kept fold is dropped instead and
   * the next load reads the stream.
   */
  appended<E extends LedgerEvent, S>(
    stream: string,
    decider: Folder<E, S>,
    from: Folded<S>,
    events: readonly EventToAppend[],
    written: AppendResult,
  ): void {
    const after = from.revision ?? -1n;
    if (written.nextExpectedRevision !== after + BigInt(events.length)) {
      this.folded.delete(stream);
      return;
    }
    const stored = events.map((event) => ({
      ...event,
      data: JSON.parse(JSON.stringify(event.data)) as JsonObject,
      metadata: event.metadata ?? {},
    }));
    const state = decider.fold(from.state, stored.map(toLedgerEvent) as E[]);
    from.keys.recordAppended(stored, written.nextExpectedRevision, written.position);
    this.folded.set(stream, { state, revision: written.nextExpectedRevision, keys: from.keys });
  }

  private async readOn<E extends LedgerEvent, S>(
    stream: string,
    decider: Folder<E, S>,
    kept: Folded<S> | undefined,
  ): Promise<Folded<S>> {
    const from = kept?.revision === undefined ? undefined : kept.revision + 1n;
    const recorded = await readHistory(this.store, stream, from);
    if (kept !== undefined && recorded.length === 0) return kept;
    return this.foldOn(stream, decider, kept, recorded);
  }

  private foldOn<E extends LedgerEvent, S>(
    stream: string,
    decider: Folder<E, S>,
    kept: Folded<S> | undefined,
    recorded: readonly RecordedEvent[],
  ): Folded<S> {
    // A stream holds only its own aggregate's events: streamFor names it by the aggregate's category.
    const events = recorded.map(toLedgerEvent) as E[];
    const state = decider.fold(kept?.state ?? decider.initialState(), events);
    const keys = kept?.keys ?? new KeysSeen();
    keys.record(recorded);
    const folded: Folded<S> = {
      state,
      revision: recorded.at(-1)?.revision ?? kept?.revision,
      keys,
    };
    if (folded.revision !== undefined) this.folded.set(stream, folded);
    return folded;
  }
}

/** A source stream holds one event, its registration: once registered, a source never changes. */
const isRegistered = (state: SourceState): boolean => state.status === 'registered';

/**
 * Cross-aggregate facts a decision needs, read from their own streams. They are not guarded by
 * the expected revision: a registered source never changes, and an offer only checks that its
 * agreement is signed and who its parties are, which never change either.
 */
export class ContextLoader {
  constructor(private readonly states: StreamStates) {}

  async sources(sourceIds: readonly string[]): Promise<SourceLookup> {
    const sources = new Map<string, RegisteredSource>();
    for (const sourceId of new Set(sourceIds)) {
      const { state } = await this.states.load(
        sourceStreamFor(sourceId),
        sourceDecider,
        isRegistered,
      );
      if (state.status === 'registered') sources.set(sourceId, state);
    }
    return { sources };
  }

  /** What a decision needs (the domain's ContextNeeds): registered sources and agreements. */
  async context({ sourceIds, agreementIds }: ContextNeeds): Promise<LedgerContext> {
    const { sources } = await this.sources(sourceIds);
    return { sources, agreements: await this.agreements(agreementIds) };
  }

  async agreements(agreementIds: readonly string[]): Promise<Map<string, AgreementState>> {
    const agreements = new Map<string, AgreementState>();
    for (const agreementId of new Set(agreementIds)) {
      const { state } = await this.states.load(agreementStreamFor(agreementId), agreementDecider);
      agreements.set(agreementId, state);
    }
    return agreements;
  }
}
