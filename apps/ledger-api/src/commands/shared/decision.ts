import {
  agreementDecider,
  type Decider,
  isOfferCommand,
  isSourceCommand,
  type LedgerCommand,
  type LedgerEvent,
  offerDecider,
  referencesOfOfferCommand,
  sourceDecider,
  sourcesNeededForAgreementCommand,
  sourcesNeededForSourceCommand,
  type StreamExpectation,
} from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { ContextLoader, StreamStates } from './stream-history';

/** What a decision produced, and the revision of the stream it was decided on (undefined: no stream). */
export interface Decided {
  readonly events: LedgerEvent[];
  readonly revision: bigint | undefined;
}

/** One command bound to its aggregate: which stream it is decided on, and the decision itself. */
export interface Decision {
  readonly stream: string;
  readonly expectation: StreamExpectation;
  /**
   * Loads the stream's state (the history given, when the caller has read it all, else through the
   * kept folds), loads the context the decider asks for, decides. Throws DomainError on refusal.
   */
  decide(states: StreamStates, history?: readonly RecordedEvent[]): Promise<Decided>;
}

function bind<C, E extends LedgerEvent, S, X>(
  decider: Decider<C, E, S, X>,
  command: C,
  loadContext: (state: S) => Promise<X>,
): Decision {
  const stream = decider.streamFor(command);
  return {
    stream,
    expectation: decider.streamExpectation(command),
    async decide(states, history) {
      const { state, revision } = history
        ? states.foldAll(stream, decider, history)
        : await states.load(stream, decider);
      return { events: decider.decide(command, state, await loadContext(state)), revision };
    },
  };
}

export function decisionFor(command: LedgerCommand, load: ContextLoader): Decision {
  if (isSourceCommand(command))
    return bind(sourceDecider, command, () => load.sources(sourcesNeededForSourceCommand(command)));
  if (isOfferCommand(command)) {
    return bind(offerDecider, command, async () => {
      const { sourceIds, agreementIds } = referencesOfOfferCommand(command);
      const { sources } = await load.sources(sourceIds);
      return { sources, agreements: await load.agreements(agreementIds) };
    });
  }
  return bind(agreementDecider, command, (state) =>
    load.sources(sourcesNeededForAgreementCommand(command, state)),
  );
}
