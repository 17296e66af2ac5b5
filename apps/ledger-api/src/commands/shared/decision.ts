import {
  agreementDecider,
  type Decider,
  foldEvents,
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
import type { ContextLoader } from './stream-history';

/** One command bound to its aggregate: which stream it is decided on, and the decision itself. */
export interface Decision {
  readonly stream: string;
  readonly expectation: StreamExpectation;
  /** Folds the stream's history, loads the context the decider asks for, decides. Throws DomainError on refusal. */
  decide(history: readonly LedgerEvent[]): Promise<LedgerEvent[]>;
}

function bind<C, E extends LedgerEvent, S, X>(
  decider: Decider<C, E, S, X>,
  command: C,
  loadContext: (state: S) => Promise<X>,
): Decision {
  return {
    stream: decider.streamFor(command),
    expectation: decider.streamExpectation(command),
    async decide(history) {
      // A stream holds only its own aggregate's events: streamFor names it by the aggregate's category.
      const state = foldEvents(decider, history as readonly E[]);
      return decider.decide(command, state, await loadContext(state));
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
