import type { ExpectedRevision } from './port';

/** Base class of every typed error the store port throws. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

function describeRevision(r: ExpectedRevision | bigint | 'no_stream'): string {
  return typeof r === 'bigint' ? r.toString() : r;
}

/** The stream was not in the state the writer expected. `actual` is 'no_stream' when it does not exist. */
export class WrongExpectedVersionError extends EventStoreError {
  readonly code = 'wrong_expected_version';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(
      `Wrong expected revision on stream "${stream}": expected ${describeRevision(expected)}, actual ${describeRevision(actual)}`,
    );
    this.name = 'WrongExpectedVersionError';
  }
}

export class StreamNotFoundError extends EventStoreError {
  readonly code = 'stream_not_found';
  constructor(readonly stream: string) {
    super(`Stream "${stream}" not found`);
    this.name = 'StreamNotFoundError';
  }
}

/** The store cannot be reached or has been closed; the operation may be retried later. */
export class StoreUnavailableError extends EventStoreError {
  readonly code = 'store_unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** An append was malformed (empty stream name, bad event id, non-JSON data…); nothing was written. */
export class InvalidAppendError extends EventStoreError {
  readonly code = 'invalid_append';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

/**
 * A stored event cannot be read back (its data or metadata no longer parses as a JSON object):
 * the log is damaged at `position`, which the store reports as it found it.
 */
export class UnreadableEventError extends EventStoreError {
  readonly code = 'unreadable_event';
  constructor(
    readonly position: bigint,
    readonly stream: string,
    readonly revision: bigint,
    readonly reason: string,
  ) {
    super(`The event at position ${position} (${stream}@${revision}) cannot be read: ${reason}`);
    this.name = 'UnreadableEventError';
  }
}

/** An event id is already used by a different event; nothing was written. */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'duplicate_event_id';
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} is already used by another event`);
    this.name = 'DuplicateEventIdError';
  }
}

/**
 * A value cannot be put in RFC 8785 canonical form (not I-JSON: NaN, undefined, a lone
 * surrogate…). The audit library throws it too (its hash chain refuses such an event).
 */
export class CanonicalJsonError extends EventStoreError {
  readonly code = 'canonical_json';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Cannot canonicalise ${path}: ${reason}`);
    this.name = 'CanonicalJsonError';
  }
}
