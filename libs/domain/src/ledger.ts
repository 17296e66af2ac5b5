import { type AgreementCommand } from './agreements/agreement-commands';
import {
  type AgreementEvent,
  CLAIM_EVENT_TYPES,
  SCRUTINY_EVENT_TYPES,
} from './agreements/agreement-events';
import { type OfferCommand } from './offers/offer-commands';
import { type OfferEvent } from './offers/offer-events';
import { DomainError } from './shared/errors';
import { SCHEMA_VERSION } from './shared/messages';
import { type SourceCommand } from './sources/source-commands';
import { type SourceEvent } from './sources/source-events';

/** Every event of the ledger, across aggregates. */
export type LedgerEvent = SourceEvent | AgreementEvent | OfferEvent;
export type LedgerEventType = LedgerEvent['type'];
export type LedgerCommand = SourceCommand | AgreementCommand | OfferCommand;

/** All event type names: explicit strings, stable forever, never derived from class names. */
export const LEDGER_EVENT_TYPES = [
  'SourceRegistered',
  'AgreementSigned',
  ...CLAIM_EVENT_TYPES,
  ...SCRUTINY_EVENT_TYPES,
  'FigureInferred',
  'ScopesLinked',
  'OfferMade',
  'OfferRevised',
  'OfferAnswered',
] as const satisfies readonly LedgerEventType[];

// Compile-time proof that the list names every event type.
type Unlisted = Exclude<LedgerEventType, (typeof LEDGER_EVENT_TYPES)[number]>;
const everyTypeListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyTypeListed;

export function isLedgerEventType(type: string): type is LedgerEventType {
  return (LEDGER_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * Events the ledger's rules derived from a claim (not said by a source nor decided by a person).
 * They are appended in the same batch as the claim event that caused them: their causation id is
 * that claim event's id.
 */
export function isDerivedEvent(event: LedgerEvent): boolean {
  if (event.type === 'FigureDisputed') return event.data.detectedBy === 'rule';
  if (event.type === 'DisputeStatusChanged') return event.data.by === 'rule';
  return ALWAYS_DERIVED.has(event.type);
}

const ALWAYS_DERIVED: ReadonlySet<LedgerEventType> = new Set([
  'DisputeClaimsChanged',
  'TotalsDiscrepancyDetected',
  'TotalsReconciled',
  'TotalsNoLongerComparable',
]);

/**
 * The causation id of each event of one command's batch (the same order as `eventIds`): the
 * command for what it produced; for an event the rules derived, the last event before it that
 * was not derived (the claim event it follows), or the command when there is none.
 */
export function causationIds(
  events: readonly LedgerEvent[],
  commandId: string,
  eventIds: readonly string[],
): string[] {
  let lastCause = commandId;
  return events.map((event, index) => {
    if (isDerivedEvent(event)) return lastCause;
    lastCause = eventIds[index] ?? commandId;
    return commandId;
  });
}

/** JSON as the event store carries it (structurally the same as the store port's JsonObject). */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

function assertJson(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is not a finite number`);
    return;
  }
  if (Array.isArray(value)) return value.forEach((v, i) => assertJson(v, `${path}[${i}]`));
  if (typeof value !== 'object') throw new Error(`${path} is not JSON (${typeof value})`);
  for (const [k, v] of Object.entries(value)) assertJson(v, `${path}.${k}`);
}

/**
 * An event's data as the store's JSON. Deciders build data from validated strings and safe
 * integers and omit absent fields, so this only re-checks and widens the readonly domain types.
 */
export function eventDataAsJson(event: LedgerEvent): JsonObject {
  assertJson(event.data, `${event.type}.data`);
  return event.data as unknown as JsonObject;
}

/**
 * Reads a stored event back into the domain's union. The store holds only what decide returned,
 * so the data is trusted; the type name and schema version are checked, because a reader must
 * never misinterpret an event written by a newer version of the ledger.
 */
export function parseLedgerEvent(stored: {
  readonly type: string;
  readonly schemaVersion?: unknown;
  readonly data: unknown;
}): LedgerEvent {
  if (!isLedgerEventType(stored.type))
    throw new DomainError('unknown_event_type', `unknown event type ${stored.type}`);
  const version = stored.schemaVersion ?? SCHEMA_VERSION;
  if (version !== SCHEMA_VERSION)
    throw new DomainError(
      'unsupported_schema_version',
      `${stored.type} schema version ${JSON.stringify(version)} is not supported`,
    );
  if (typeof stored.data !== 'object' || stored.data === null)
    throw new DomainError('unknown_event_type', `${stored.type} has no data object`);
  // The cast is the trust boundary described above.
  return { type: stored.type, schemaVersion: SCHEMA_VERSION, data: stored.data } as LedgerEvent;
}
