import type { LedgerEvent, LedgerEventType } from '@ledger/domain';

/** JSON as it travels on the wire. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * One recorded event as the ledger publishes it (the `data:` of an SSE frame). 64-bit numbers
 * travel as decimal strings: JSON numbers lose precision above 2^53.
 */
export interface EventEnvelope<Type extends string = string, Data = JsonObject> {
  /** The event's id (a UUID), stable forever: the same event always has the same id. */
  readonly id: string;
  readonly type: Type;
  readonly stream: string;
  /**
   * Position within its stream; the first event is "0".
   * @pattern ^(0|[1-9][0-9]{0,19})$
   */
  readonly revision: string;
  /**
   * Position in the global order: strictly increasing, never reused. Also the SSE `id:`.
   * @pattern ^(0|[1-9][0-9]{0,19})$
   */
  readonly position: string;
  /**
   * When the store committed the event (ISO-8601, UTC).
   * @format date-time
   */
  readonly recordedAt: string;
  readonly data: Data;
  /** Who recorded it and why: actor, correlationId, causationId, commandId, commandName, schemaVersion. */
  readonly metadata: JsonObject;
}

type DataOf<T extends LedgerEventType> = Extract<LedgerEvent, { type: T }>['data'];

/** The ledger's events, typed: narrow on `type` to get the data of that event. */
export type LedgerEnvelope = {
  [T in LedgerEventType]: EventEnvelope<T, DataOf<T>>;
}[LedgerEventType];

/** Compares two positions (canonical decimal strings, no leading zeros) numerically, without BigInt. */
export function comparePositions(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
