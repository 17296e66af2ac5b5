import {
  type EventStore,
  readAllPage,
  StoreUnavailableError,
  UnreadableEventError,
} from '@ledger/event-store';
import type { LedgerVerifier, VerificationFailure } from './ledger-verifier';

/**
 * A page of the log could not be read (an event's JSON no longer parses, say, after a byte was
 * changed in the file). Reads on through the one log reader, one event at a time, from the last
 * position checked, resuming only from positions it returned and checking each event, so that an
 * earlier failure in the same page still comes first. The store names the position of an event it
 * cannot read (`UnreadableEventError`); any other failure, or `maxProbes` events read without
 * one, is reported as the first event after the last one checked. Undefined when every event up
 * to the head turned out readable after all.
 */
export async function checkOneByOne(
  store: EventStore,
  verifier: LedgerVerifier,
  headPosition: bigint,
  cause: unknown,
  maxProbes: number,
): Promise<VerificationFailure | undefined> {
  let after = verifier.lastPositionChecked;
  for (let probe = 0; probe < maxProbes; probe++) {
    let page;
    try {
      page = await readAllPage(store, {
        ...(after === undefined ? {} : { after }),
        to: headPosition,
        pageSize: 1,
      });
    } catch (error) {
      // A closed store is not a damaged log.
      if (error instanceof StoreUnavailableError) throw error;
      if (error instanceof UnreadableEventError)
        return unreadable(error.position, `at position ${error.position}`, error.reason);
      return somewhereAfter(verifier, error);
    }
    const [event] = page.events;
    if (event === undefined) return undefined;
    const failure = verifier.check(event);
    if (failure) return failure;
    if (page.ended) return undefined;
    after = event.position;
  }
  return somewhereAfter(verifier, cause);
}

function somewhereAfter(verifier: LedgerVerifier, cause: unknown): VerificationFailure {
  const last = verifier.lastPositionChecked;
  const where =
    last === undefined ? 'at the start of the log' : `after position ${last} (the last one read)`;
  return unreadable(last ?? 0n, where, cause instanceof Error ? cause.message : String(cause));
}

function unreadable(position: bigint, where: string, reason: string): VerificationFailure {
  return {
    position,
    stream: '',
    revision: -1n,
    check: 'unreadable',
    detail: `the event ${where} cannot be read back (${reason}): its stored bytes were altered`,
  };
}
