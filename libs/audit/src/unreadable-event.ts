import { type EventStore, StoreUnavailableError } from '@ledger/event-store';
import type { LedgerVerifier, VerificationFailure } from './ledger-verifier';

/**
 * A page of the log could not be read (an event's JSON no longer parses, say, after a byte was
 * changed in the file). Reads on one event at a time from just after the last good one, checking
 * each, so that an earlier failure in the same page still comes first; a read that fails is
 * retried one position further on, which pins the unreadable event's position on a store whose
 * positions are consecutive integers (SQLite). Elsewhere (a store refusing positions between
 * events, or too many probes) the failure names the first position the event may be at.
 * Undefined when every event up to the head turned out readable after all.
 */
export async function checkOneByOne(
  store: EventStore,
  verifier: LedgerVerifier,
  headPosition: bigint,
  cause: unknown,
  maxProbes: number,
): Promise<VerificationFailure | undefined> {
  let failedAt: bigint | undefined;
  let position =
    verifier.lastPositionChecked === undefined ? 0n : verifier.lastPositionChecked + 1n;
  for (let probe = 0; probe < maxProbes && position <= headPosition; probe++) {
    try {
      const [event] = await store.readAll({
        fromPosition: position,
        toPosition: headPosition,
        maxCount: 1,
      });
      if (failedAt !== undefined) return unreadable(failedAt, `at position ${failedAt}`, cause);
      if (event === undefined) return undefined;
      const failure = verifier.check(event);
      if (failure) return failure;
      position = event.position + 1n;
    } catch (error) {
      // A closed store is not a damaged log; a position the store refuses ends the search.
      if (error instanceof StoreUnavailableError) throw error;
      if (error instanceof RangeError) break;
      failedAt = position;
      position += 1n;
    }
  }
  return failedAt === undefined && position > headPosition
    ? undefined
    : somewhereAfter(verifier, cause);
}

function somewhereAfter(verifier: LedgerVerifier, cause: unknown): VerificationFailure {
  const from = verifier.lastPositionChecked === undefined ? 0n : verifier.lastPositionChecked + 1n;
  return unreadable(from, `at or after position ${from}`, cause);
}

function unreadable(position: bigint, where: string, cause: unknown): VerificationFailure {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return {
    position,
    stream: '',
    revision: -1n,
    check: 'unreadable',
    detail: `the event ${where} cannot be read back (${reason}): its stored bytes were altered`,
  };
}
