import { InvalidAppendError } from './errors';
import type {
  AppendOptions,
  EventFilter,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
} from './port';

/** Longest stream name and event type every adapter accepts (EventStoreDB's practical limit). */
export const MAX_NAME_LENGTH = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An event that passed validation: id in lower case (as EventStoreDB returns it), metadata defaulted. */
export interface ValidEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

export interface ValidAppend {
  readonly stream: string;
  readonly events: readonly ValidEvent[];
  readonly expectedRevision: ExpectedRevision;
}

/**
 * Checks an append the same way on every adapter and throws InvalidAppendError before anything is
 * written. Arguments are checked at run time too: callers in plain JS or behind casts exist.
 */
export function validateAppend(
  stream: string,
  events: readonly EventToAppend[],
  options: AppendOptions = {},
): ValidAppend {
  checkName('stream name', stream);
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidAppendError('An append needs at least one event');
  }
  const seen = new Set<string>();
  const valid = events.map((event: unknown, index) => validateEvent(event, index, seen));
  return {
    stream,
    events: valid,
    expectedRevision: checkExpectedRevision(options?.expectedRevision),
  };
}

function validateEvent(event: unknown, index: number, seen: Set<string>): ValidEvent {
  if (!isRecord(event)) throw new InvalidAppendError(`Event #${index} is not an object`);
  const { id, type, data, metadata } = event;
  if (typeof id !== 'string' || !UUID.test(id)) {
    throw new InvalidAppendError(`Event #${index} id ${JSON.stringify(id)} is not a UUID`);
  }
  const normalizedId = id.toLowerCase();
  if (seen.has(normalizedId))
    throw new InvalidAppendError(`Event id ${id} appears twice in the batch`);
  seen.add(normalizedId);
  checkName(`event #${index} type`, type);
  checkJsonObject(data, `event #${index} data`);
  if (metadata === undefined) return { id: normalizedId, type, data, metadata: {} };
  checkJsonObject(metadata, `event #${index} metadata`);
  return { id: normalizedId, type, data, metadata };
}

/** Names starting with '$' belong to EventStoreDB's system events, which no adapter stores or returns. */
function checkName(what: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidAppendError(`The ${what} must be a non-empty string`);
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new InvalidAppendError(`The ${what} is longer than ${MAX_NAME_LENGTH} characters`);
  }
  if (name.startsWith('$'))
    throw new InvalidAppendError(`The ${what} "${name}" starts with '$' (reserved)`);
}

function checkExpectedRevision(expected: unknown): ExpectedRevision {
  if (expected === undefined) return 'any';
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists')
    return expected;
  if (typeof expected === 'bigint' && expected >= 0n) return expected;
  throw new InvalidAppendError(
    `Expected revision ${show(expected)} is not 'any', 'no_stream', 'stream_exists' or a bigint >= 0n`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkJsonObject(value: unknown, path: string): asserts value is JsonObject {
  if (!isPlainObject(value))
    throw new InvalidAppendError(`The ${path} must be a plain JSON object`);
  checkJsonValue(value, path, new Set());
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Only values that survive JSON.stringify → JSON.parse unchanged are accepted. */
function checkJsonValue(value: unknown, path: string, ancestors: Set<object>): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidAppendError(`${path} is not a finite number`);
    return;
  }
  if (Array.isArray(value) || isPlainObject(value)) {
    if (ancestors.has(value)) throw new InvalidAppendError(`${path} refers to itself`);
    ancestors.add(value);
    for (const [key, child] of jsonChildren(value, path))
      checkJsonValue(child, `${path}.${key}`, ancestors);
    ancestors.delete(value);
    return;
  }
  throw new InvalidAppendError(`${path} is not JSON (${describeType(value)})`);
}

function jsonChildren(
  value: unknown[] | Record<string, unknown>,
  path: string,
): [string, unknown][] {
  if (!Array.isArray(value)) return Object.entries(value);
  const children: [string, unknown][] = [];
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) throw new InvalidAppendError(`${path}[${i}] is a hole in a sparse array`);
    children.push([String(i), value[i]]);
  }
  return children;
}

function describeType(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  return (value.constructor as { name?: string } | undefined)?.name ?? 'object';
}

/** Read options are checked too: a bad maxCount or position is a caller's bug, reported as a RangeError. */
export function validateReadStreamOptions(options: ReadStreamOptions): void {
  checkDirection(options.direction);
  checkMaxCount(options.maxCount);
  checkNonNegative('fromRevision', options.fromRevision);
}

export function validateReadAllOptions(options: ReadAllOptions): void {
  checkDirection(options.direction);
  checkMaxCount(options.maxCount);
  checkNonNegative('fromPosition', options.fromPosition);
  checkNonNegative('toPosition', options.toPosition);
  validateFilter(options.filter);
}

export function validateFilter(filter: EventFilter | undefined): void {
  if (filter === undefined) return;
  for (const list of [filter.eventTypes, filter.streamPrefixes]) {
    if (
      list !== undefined &&
      (!Array.isArray(list) || list.some((item) => typeof item !== 'string'))
    ) {
      throw new RangeError('A filter lists event types and stream prefixes as arrays of strings');
    }
  }
}

function checkDirection(direction: unknown): void {
  if (direction !== undefined && direction !== 'forwards' && direction !== 'backwards') {
    throw new RangeError(`Direction ${show(direction)} is not 'forwards' or 'backwards'`);
  }
}

function checkMaxCount(maxCount: unknown): void {
  if (maxCount !== undefined && !(Number.isSafeInteger(maxCount) && (maxCount as number) >= 0)) {
    throw new RangeError(`maxCount ${show(maxCount)} is not a non-negative integer`);
  }
}

export function checkNonNegative(name: string, value: unknown): void {
  if (value !== undefined && !(typeof value === 'bigint' && value >= 0n)) {
    throw new RangeError(`${name} ${show(value)} is not a bigint >= 0n`);
  }
}

/** A caller's bad value, readable in an error message whatever its type. */
function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object' && value !== null) return describeType(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value === 'symbol' || typeof value === 'function'
    ? typeof value
    : `${value as number | boolean | undefined}`;
}
