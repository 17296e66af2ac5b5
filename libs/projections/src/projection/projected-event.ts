import {
  formatInstant,
  isLedgerEventType,
  type LedgerEvent,
  parseLedgerEvent,
} from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';

/** A ledger event with what the store recorded about it: the projections' input. */
export interface ProjectedEvent<E extends LedgerEvent = LedgerEvent> {
  readonly event: E;
  readonly eventId: string;
  readonly stream: string;
  readonly position: bigint;
  /** When the store recorded it, canonical ISO-8601 (UTC, milliseconds). */
  readonly recordedAt: string;
  /** Who recorded it and why, from the event's metadata (null when the writer gave none). */
  readonly actor: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  /** The command that appended it, when the writer said (the command API does). */
  readonly commandName: string | null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * The ledger event a stored event carries, or undefined for events the ledger does not own
 * (system events, audit checkpoints): the projections skip those. A ledger event with a schema
 * version this build does not know throws (DomainError 'unsupported_schema_version'): the runner
 * must stop rather than misread history written by a newer ledger.
 */
export function toProjectedEvent(recorded: RecordedEvent): ProjectedEvent | undefined {
  if (!isLedgerEventType(recorded.type)) return undefined;
  const { metadata } = recorded;
  const event = parseLedgerEvent({
    type: recorded.type,
    schemaVersion: metadata.schemaVersion,
    data: recorded.data,
  });
  return {
    event,
    eventId: recorded.id,
    stream: recorded.stream,
    position: recorded.position,
    recordedAt: formatInstant(recorded.recordedAt.getTime()),
    actor: text(metadata.actor),
    correlationId: text(metadata.correlationId),
    causationId: text(metadata.causationId),
    commandName: text(metadata.commandName),
  };
}
