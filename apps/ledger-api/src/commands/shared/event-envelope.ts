import { eventDataAsJson, isDerivedEvent, type LedgerEvent } from '@ledger/domain';
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
 * The events a command appends, with ids and metadata. The causation of an event the command
 * produced is the command; an event the ledger's rules derived (a dispute, a reconciliation) was
 * caused by the claim event before it in the same batch.
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
  let lastCause = envelope.commandId;
  return events.map((event, index) => {
    const id = eventId(index);
    const causationId = isDerivedEvent(event) ? lastCause : envelope.commandId;
    if (!isDerivedEvent(event)) lastCause = id;
    return {
      id,
      type: event.type,
      data: eventDataAsJson(event),
      metadata: { ...base, causationId, schemaVersion: event.schemaVersion },
    };
  });
}
