import type { AppendResult as ClientAppendResult, EventStoreDBClient } from '@eventstore/db-client';
import { sameEventContent } from '../canonical-json';
import { DuplicateEventIdError, WrongExpectedVersionError } from '../errors';
import type { AppendResult, RecordedEvent } from '../port';
import type { ValidAppend, ValidEvent } from '../validate';
import { callServer, type CallPolicy } from './esdb-calls';
import { toClientEvent } from './esdb-events';
import type { EsdbReader } from './esdb-reads';

/**
 * An append through the client, with EventStoreDB's answers mapped to the port's:
 * - a success carries the commit position of the last event written;
 * - an idempotent retry (the ids are already there, at the expected place) comes back without a
 *   position: the events are read back to check they are the same events and to take the
 *   position of the last one, or to report DuplicateEventIdError when only the ids are the same;
 * - with 'any' or 'stream_exists' on an existing stream, a wrong expected version can only mean
 *   that the first id is stored but the batch differs from what was stored: DuplicateEventIdError.
 */
export async function appendEvents(
  client: EventStoreDBClient,
  reader: EsdbReader,
  policy: CallPolicy,
  append: ValidAppend,
): Promise<AppendResult> {
  const { stream, expectedRevision } = append;
  const events = append.events.map(toClientEvent);
  let result: ClientAppendResult;
  try {
    result = await callServer(policy, { stream, expected: expectedRevision }, () =>
      client.appendToStream(stream, events, { expectedRevision }),
    );
  } catch (error: unknown) {
    const first = append.events[0];
    if (first && isPositionalMismatch(error, expectedRevision))
      throw new DuplicateEventIdError(first.id);
    throw error;
  }
  if (result.position)
    return { nextExpectedRevision: result.nextExpectedRevision, position: result.position.commit };
  return idempotentResult(reader, append, result.nextExpectedRevision);
}

function isPositionalMismatch(error: unknown, expected: ValidAppend['expectedRevision']): boolean {
  if (!(error instanceof WrongExpectedVersionError)) return false;
  return expected === 'any' || (expected === 'stream_exists' && error.actual !== 'no_stream');
}

async function idempotentResult(
  reader: EsdbReader,
  append: ValidAppend,
  lastRevision: bigint,
): Promise<AppendResult> {
  const count = BigInt(append.events.length);
  const stored = await reader.readStream(append.stream, {
    fromRevision: lastRevision - count + 1n,
    maxCount: append.events.length,
  });
  append.events.forEach((event, i) => {
    if (!sameEvent(event, stored[i])) throw new DuplicateEventIdError(event.id);
  });
  const last = stored[stored.length - 1] as RecordedEvent;
  return { nextExpectedRevision: lastRevision, position: last.position };
}

function sameEvent(proposed: ValidEvent, stored: RecordedEvent | undefined): boolean {
  return stored !== undefined && stored.id === proposed.id && sameEventContent(stored, proposed);
}
