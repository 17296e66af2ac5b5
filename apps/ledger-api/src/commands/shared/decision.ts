import {
  type AggregateRoute,
  type LedgerCommand,
  type LedgerEvent,
  routeCommand,
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

/** Binds the command to its aggregate (the domain's one command map) and the stores' contexts. */
export function decisionFor(command: LedgerCommand, load: ContextLoader): Decision {
  return routeCommand(command, (route, routed) => bind(route, routed, load));
}

function bind<C, E extends LedgerEvent, S>(
  { decider, needs }: AggregateRoute<C, E, S>,
  command: C,
  load: ContextLoader,
): Decision {
  const stream = decider.streamFor(command);
  return {
    stream,
    expectation: decider.streamExpectation(command),
    async decide(states, history) {
      const { state, revision } = history
        ? states.foldAll(stream, decider, history)
        : await states.load(stream, decider);
      const context = await load.context(needs(command, state));
      return { events: decider.decide(command, state, context), revision };
    },
  };
}
