import { DomainError, type DomainErrorCode } from '../shared/errors';
import { type Decider } from '../shared/messages';

/**
 * Decider specs that read as the domain talks:
 *
 *   spec.given([agreementSigned]).when(reportTransfer(1245)).then([transferReported]);
 *   spec.given([]).when(reportTransfer(1245)).thenThrows('agreement_not_found');
 *
 * `then` also folds the history and the new events through evolve (so every emitted event is
 * proven to apply) and returns the resulting state for further assertions.
 */
export interface DeciderSpec<Command, Event, State, Context> {
  given(events: readonly Event[]): {
    when(
      command: Command,
      context?: Context,
    ): {
      then(expected: readonly Event[]): State;
      thenThrows(code: DomainErrorCode): DomainError;
      /** The events decided, for assertions on part of them; they are evolved like in then(). */
      events(): { events: Event[]; state: State };
    };
  };
}

function decideAndEvolve<C, E, S, X>(
  decider: Decider<C, E, S, X>,
  history: readonly E[],
  command: C,
  context: X,
): { events: E[]; state: S } {
  const before = decider.fold(decider.initialState(), history);
  const events = decider.decide(command, before, context);
  // Evolve one event at a time here, so that every emitted event is proven to apply on its own.
  return { events, state: events.reduce(decider.evolve, before) };
}

export function deciderSpec<C, E, S, X>(
  decider: Decider<C, E, S, X>,
  defaultContext: X,
): DeciderSpec<C, E, S, X> {
  return {
    given: (history) => ({
      when: (command, context = defaultContext) => ({
        then(expected) {
          const { events, state } = decideAndEvolve(decider, history, command, context);
          expect(events).toEqual(expected);
          return state;
        },
        thenThrows(code) {
          let thrown: unknown;
          try {
            decideAndEvolve(decider, history, command, context);
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(DomainError);
          expect((thrown as DomainError).code).toBe(code);
          return thrown as DomainError;
        },
        events: () => decideAndEvolve(decider, history, command, context),
      }),
    }),
  };
}
