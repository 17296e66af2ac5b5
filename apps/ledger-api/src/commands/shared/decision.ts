import {
  type AggregateRoute,
  type LedgerCommand,
  type LedgerEvent,
  routeCommand,
  type StreamExpectation,
} from '@ledger/domain';
import type { AppendResult, EventToAppend } from '@ledger/event-store';
import type { KeysSeen } from './idempotency';
import type { ContextLoader, StreamStates } from './stream-history';

/** A stream loaded for a decision: its revision (undefined: no stream), its keys, and the decision on it. */
export interface LoadedStream {
  readonly revision: bigint | undefined;
  readonly keys: KeysSeen;
  /** false: the kept fold, not read again; what another process wrote since is not in it. */
  readonly read: boolean;
  /** Loads the context the decider asks for, decides. Throws DomainError on refusal. */
  decide(): Promise<LedgerEvent[]>;
  /** Keeps the fold on after these events of the decision landed right after it. */
  appended(events: readonly EventToAppend[], written: AppendResult): void;
}

/** One command bound to its aggregate: which stream it is decided on, and the decision itself. */
export interface Decision {
  readonly stream: string;
  readonly expectation: StreamExpectation;
  /**
   * Loads the stream's state through the kept folds (the events since the last fold read and
   * folded on); with `trustKept`, a kept fold is used as it is, without a read.
   */
  load(states: StreamStates, trustKept?: boolean): Promise<LoadedStream>;
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
    async load(states, trustKept = false) {
      const kept = trustKept ? states.kept<S>(stream) : undefined;
      const folded = kept ?? (await states.load(stream, decider));
      const { state, revision, keys } = folded;
      return {
        revision,
        keys,
        read: kept === undefined,
        appended: (events, written) => states.appended(stream, decider, folded, events, written),
        decide: async () =>
          decider.decide(command, state, await load.context(needs(command, state))),
      };
    },
  };
}
