import type { LedgerEvent, LedgerEventType } from '@ledger/domain';
import type { EventEnvelope } from '@ledger/ledger-client';

/**
 * The input of the schema generator (npm run schemas): the domain's own event types, so the
 * published schemas are derived from the code that produces the events and cannot say otherwise.
 */
export type LedgerEventDataByType = {
  [T in LedgerEventType]: Extract<LedgerEvent, { type: T }>['data'];
};

/** The envelope every SSE frame carries, whatever the event type. */
export type PublishedEnvelope = EventEnvelope;
