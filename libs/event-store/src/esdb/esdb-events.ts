import {
  eventTypeFilter,
  excludeSystemEvents,
  type Filter,
  jsonEvent,
  type JSONEventData,
  type Position,
  type RecordedEvent as ClientRecordedEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import { UnreadableEventError } from '../errors';
import type { EventFilter, JsonObject, RecordedEvent } from '../port';
import type { ValidEvent } from '../validate';

/**
 * Mapping between the port's events and the client's. The port's global position is the
 * event's commit position in $all: strictly increasing, not contiguous (commit and prepare are
 * equal for events written outside explicit transactions, the only ones this ledger writes).
 */

/** What EventStoreDB older than 22.10 sends for stream reads instead of the event's position. */
const NO_POSITION = 0xffff_ffff_ffff_ffffn;

export function toClientEvent(event: ValidEvent): JSONEventData {
  return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata });
}

/** EventStoreDB's own events: '$' types ($metadata, $>, $statsCollected…) or '$' streams. */
export function isSystemEvent(event: ClientRecordedEvent): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

export function toRecordedEvent(event: ClientRecordedEvent): RecordedEvent {
  const position = event.position?.commit;
  if (position === undefined || position === NO_POSITION) {
    throw new Error(
      `EventStoreDB sent no $all position for ${event.streamId}@${event.revision}: the adapter needs a server that reports positions on stream reads (22.10 or later)`,
    );
  }
  return {
    id: event.id,
    type: event.type,
    data: jsonObject(event.data, 'data', event, position),
    metadata:
      event.metadata === undefined ? {} : jsonObject(event.metadata, 'metadata', event, position),
    stream: event.streamId,
    revision: event.revision,
    position,
    recordedAt: event.created,
  };
}

function jsonObject(
  value: unknown,
  what: string,
  event: ClientRecordedEvent,
  position: bigint,
): JsonObject {
  if (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  ) {
    return value as JsonObject;
  }
  throw new UnreadableEventError(
    position,
    event.streamId,
    event.revision,
    `${event.type} has ${what} that is not a JSON object; the ledger writes only JSON objects`,
  );
}

/** An $all position the client accepts, from a port position (commit = prepare, see above). */
export function allPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/**
 * The server-side filter for a $all subscription. EventStoreDB filters on event types or on
 * stream names, not both, and matches types by prefix or regex: the adapter asks the server for
 * the narrowest filter it can express and `matchesEventFilter` decides exactly, client-side.
 */
export function serverFilter(filter: EventFilter | undefined): Filter {
  const types = filter?.eventTypes ?? [];
  const prefixes = filter?.streamPrefixes ?? [];
  if (types.length > 0 && prefixes.length === 0) return eventTypeFilter({ prefixes: [...types] });
  if (
    prefixes.length > 0 &&
    types.length === 0 &&
    prefixes.every((p) => p !== '' && !p.startsWith('$'))
  ) {
    return streamNameFilter({ prefixes: [...prefixes] });
  }
  return excludeSystemEvents();
}

/** The port's filter: never system events; otherwise any listed type OR any listed stream prefix. */
export function matchesEventFilter(
  filter: EventFilter | undefined,
  event: ClientRecordedEvent,
): boolean {
  if (isSystemEvent(event)) return false;
  const types = filter?.eventTypes ?? [];
  const prefixes = filter?.streamPrefixes ?? [];
  if (types.length === 0 && prefixes.length === 0) return true;
  return types.includes(event.type) || prefixes.some((prefix) => event.streamId.startsWith(prefix));
}
