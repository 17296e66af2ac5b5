import { DuplicateEventIdError, WrongExpectedVersionError } from '../errors';
import type { AppendResult, ExpectedRevision } from '../port';
import { retryAgreesWithStored } from '../idempotent-retry';
import type { ValidAppend, ValidEvent } from '../validate';
import { sameEventContent } from '../canonical-json';
import { type NewStoredEvent, type StoredEvent, toRecordedEvent } from './stored-event';

/**
 * The synchronous log the in-process adapters (memory, sqlite) write through. For sqlite every
 * call runs inside one write transaction, so what it reads includes earlier appends of the batch.
 */
export interface AppendLog {
  /** The revision of the stream's last event, undefined when the stream holds none. */
  lastRevision(stream: string): bigint | undefined;
  findById(id: string): StoredEvent | undefined;
  /** recordedAt of the newest event in the log (0 when empty). */
  lastRecordedAtMs(): number;
  /** Writes one event and returns its global position. */
  insert(event: NewStoredEvent): bigint;
}

/**
 * Checks one append against the log and writes it, or throws without writing anything (every
 * check runs before the first insert, so one failing append in a group commit rolls back nothing
 * of the others). `nowMs` is the store's clock; recordedAt never goes below the newest event's.
 *
 * Event ids are unique in the whole log. Appending ids that are already stored is:
 * - an idempotent retry when the batch is exactly the stored events, in order, at consecutive
 *   revisions of this stream, with the same type, data and metadata, and the expected revision
 *   agrees with where they were written ('any', 'stream_exists', 'no_stream' when they are the
 *   stream's first events, or the revision just before them): nothing is written and the original
 *   result is returned;
 * - WrongExpectedVersionError when the events match but the expected revision does not (the same
 *   answer EventStoreDB gives, whose check is positional);
 * - DuplicateEventIdError in every other case (an id used by another stream, another revision, or
 *   a different event; or a batch mixing stored and new ids).
 */
export function applyAppend(log: AppendLog, append: ValidAppend, nowMs: number): AppendResult {
  const stored = append.events.map((event) => log.findById(event.id));
  if (stored.some((row) => row !== undefined)) return retriedAppend(log, append, stored);

  const last = log.lastRevision(append.stream);
  checkExpectedRevision(append.stream, append.expectedRevision, last);
  const recordedAtMs = Math.max(nowMs, log.lastRecordedAtMs());
  let revision = last ?? -1n;
  let position = 0n;
  for (const event of append.events) {
    revision += 1n;
    position = log.insert({
      id: event.id,
      stream: append.stream,
      revision,
      type: event.type,
      dataJson: JSON.stringify(event.data),
      metadataJson: JSON.stringify(event.metadata),
      recordedAtMs,
    });
  }
  return { nextExpectedRevision: revision, position };
}

function checkExpectedRevision(
  stream: string,
  expected: ExpectedRevision,
  last: bigint | undefined,
): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && last === undefined) ||
    (expected === 'stream_exists' && last !== undefined) ||
    (typeof expected === 'bigint' && expected === last);
  if (!ok) throw new WrongExpectedVersionError(stream, expected, last ?? 'no_stream');
}

function retriedAppend(
  log: AppendLog,
  append: ValidAppend,
  stored: readonly (StoredEvent | undefined)[],
): AppendResult {
  const first = stored[0];
  const sameEvents =
    first !== undefined &&
    append.events.every((event, i) =>
      isSameEvent(event, stored[i], append.stream, first.revision + BigInt(i)),
    );
  if (!sameEvents) {
    const reused = append.events.find((_, i) => stored[i] !== undefined);
    throw new DuplicateEventIdError(reused?.id ?? '');
  }
  const expected = append.expectedRevision;
  if (!retryAgreesWithStored(expected, first.revision)) {
    throw new WrongExpectedVersionError(
      append.stream,
      expected,
      log.lastRevision(append.stream) ?? 'no_stream',
    );
  }
  const lastStored = stored[stored.length - 1] as StoredEvent;
  return { nextExpectedRevision: lastStored.revision, position: lastStored.position };
}

function isSameEvent(
  event: ValidEvent,
  row: StoredEvent | undefined,
  stream: string,
  revision: bigint,
): boolean {
  return (
    row !== undefined &&
    row.stream === stream &&
    row.revision === revision &&
    sameEventContent(toRecordedEvent(row), event)
  );
}
