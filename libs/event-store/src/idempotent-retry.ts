import type { ExpectedRevision } from './port';

/**
 * Whether a retried append's expected revision agrees with where its events were stored, the
 * first of them at `firstRevision`: 'any', 'stream_exists', 'no_stream' when they are the
 * stream's first events, or the revision just before them. An adapter answers the original result
 * when it does, WrongExpectedVersionError when it does not (EventStoreDB's check is positional).
 */
export function retryAgreesWithStored(expected: ExpectedRevision, firstRevision: bigint): boolean {
  return (
    expected === 'any' ||
    expected === 'stream_exists' ||
    (expected === 'no_stream' && firstRevision === 0n) ||
    expected === firstRevision - 1n
  );
}
