import {
  type AgreementEvent,
  agreementDecider,
  type AgreementState,
  agreementStreamFor,
  foldEvents,
  type LedgerEvent,
  parseLedgerEvent,
  type RegisteredSource,
  sourceDecider,
  type SourceEvent,
  type SourceLookup,
  sourceStreamFor,
} from '@ledger/domain';
import { type EventStore, type RecordedEvent, StreamNotFoundError } from '@ledger/event-store';

/** Every event of a stream, [] when it does not exist yet. */
export async function readHistory(store: EventStore, stream: string): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(stream);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}

/** A stored event as the domain's union; the schema version travels in the metadata. */
export function toLedgerEvent(recorded: RecordedEvent): LedgerEvent {
  return parseLedgerEvent({
    type: recorded.type,
    schemaVersion: recorded.metadata.schemaVersion,
    data: recorded.data,
  });
}

/**
 * Cross-aggregate facts a decision needs, read from their own streams. They are not guarded by
 * the expected revision: a registered source never changes, and an offer only checks that its
 * agreement is signed and who its parties are, which never change either.
 */
export class ContextLoader {
  constructor(private readonly store: EventStore) {}

  async sources(sourceIds: readonly string[]): Promise<SourceLookup> {
    const sources = new Map<string, RegisteredSource>();
    for (const sourceId of new Set(sourceIds)) {
      const history = await readHistory(this.store, sourceStreamFor(sourceId));
      // A source stream holds only source events: the category prefix says so.
      const state = foldEvents(sourceDecider, history.map(toLedgerEvent) as SourceEvent[]);
      if (state.status === 'registered') sources.set(sourceId, state);
    }
    return { sources };
  }

  async agreements(agreementIds: readonly string[]): Promise<Map<string, AgreementState>> {
    const agreements = new Map<string, AgreementState>();
    for (const agreementId of new Set(agreementIds)) {
      const history = await readHistory(this.store, agreementStreamFor(agreementId));
      agreements.set(
        agreementId,
        foldEvents(agreementDecider, history.map(toLedgerEvent) as AgreementEvent[]),
      );
    }
    return agreements;
  }
}
