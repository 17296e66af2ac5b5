import { causationIds, eventDataAsJson, type LedgerEvent } from '@ledger/domain';
import type { EventToAppend, JsonObject } from '@ledger/event-store';

/** Who recorded a command's events and why: the same for every event of the batch but the causation. */
export interface Envelope {
  readonly actor: string;
  readonly correlationId: string;
  readonly commandId: string;
  readonly commandName: string;
  readonly idempotency?: { readonly key: string; readonly requestHash: string };
}

/**
 * The events a command appends, with ids and metadata; the causation ids follow the domain's
 * rule (causationIds).
 */
export function eventsToAppend(
  events: readonly LedgerEvent[],
  envelope: Envelope,
  eventId: (index: number) => string,
): EventToAppend[] {
  const base: JsonObject = {
    actor: envelope.actor,
    correlationId: envelope.correlationId,
    commandName: envelope.commandName,
    commandId: envelope.commandId,
    ...(envelope.idempotency
      ? { idempotencyKey: envelope.idempotency.key, requestHash: envelope.idempotency.requestHash }
      : {}),
  };
  const ids = events.map((_, index) => eventId(index));
  const causes = causationIds(events, envelope.commandId, ids);
  return events.map((event, index) => ({
    id: ids[index] as string,
    type: event.type,
    data: eventDataAsJson(event),
    metadata: { ...base, causationId: causes[index] as string, schemaVersion: event.schemaVersion },
  }));
}
