import { UnreadableEventError } from '../errors';
import type { EventFilter, JsonObject, RecordedEvent } from '../port';

/** An event as the in-process adapters keep it: data and metadata as JSON text, the time in ms. */
export interface StoredEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly type: string;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly recordedAtMs: number;
}

export type NewStoredEvent = Omit<StoredEvent, 'position'>;

/** Parses afresh on every read, so no caller can change what another caller (or the log) sees. */
export function toRecordedEvent(row: StoredEvent): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    data: parsed(row, row.dataJson, 'data'),
    metadata: parsed(row, row.metadataJson, 'metadata'),
    stream: row.stream,
    revision: row.revision,
    position: row.position,
    recordedAt: new Date(row.recordedAtMs),
  };
}

function parsed(row: StoredEvent, json: string, what: string): JsonObject {
  try {
    return JSON.parse(json) as JsonObject;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UnreadableEventError(row.position, row.stream, row.revision, `${what}: ${reason}`);
  }
}

/** The port's filter: event types and stream prefixes are alternatives; an empty filter matches all. */
export function matchesFilter(
  filter: EventFilter | undefined,
  type: string,
  stream: string,
): boolean {
  if (type.startsWith('$')) return false;
  const types = filter?.eventTypes ?? [];
  const prefixes = filter?.streamPrefixes ?? [];
  if (types.length === 0 && prefixes.length === 0) return true;
  return types.includes(type) || prefixes.some((prefix) => stream.startsWith(prefix));
}
