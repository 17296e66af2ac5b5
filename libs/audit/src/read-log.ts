import { type EventStore, readAllPages, type RecordedEvent } from '@ledger/event-store';

/**
 * $all in pages, from just after `afterPosition` (the start when absent) up to `headPosition`
 * inclusive: how the audit code reads a log of any length in bounded memory. The event store's
 * one log reader does it (resuming only from positions it returned, as EventStoreDB requires).
 */
export function pagesOfAll(
  store: EventStore,
  headPosition: bigint,
  pageSize: number,
  afterPosition?: bigint,
): AsyncGenerator<RecordedEvent[]> {
  const after = afterPosition === undefined ? {} : { after: afterPosition };
  return readAllPages(store, { to: headPosition, pageSize, ...after });
}
