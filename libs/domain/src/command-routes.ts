import { agreementDecider, sourcesNeededForAgreementCommand } from './agreements/agreement-decider';
import { type AgreementCommand } from './agreements/agreement-commands';
import { type AgreementEvent } from './agreements/agreement-events';
import { type AgreementState } from './agreements/agreement-state';
import { type LedgerCommand, type LedgerEvent } from './ledger';
import { type OfferCommand } from './offers/offer-commands';
import { offerDecider, type OfferState, referencesOfOfferCommand } from './offers/offer-decider';
import { type OfferEvent } from './offers/offer-events';
import { type Decider } from './shared/messages';
import { type SourceCommand } from './sources/source-commands';
import {
  type RegisteredSource,
  sourceDecider,
  sourcesNeededForSourceCommand,
  type SourceState,
} from './sources/source-decider';
import { type SourceEvent } from './sources/source-events';

/**
 * The one map from a command to the aggregate that decides it, the decider, the context it needs
 * and (in causationIds) why each event happened. The API, the in-memory test ledger and the
 * projections' test writer all route through it, so a new command is routed in one place; and
 * since the map is a `satisfies Record<CommandType, …>`, a command missing here fails to compile.
 */
export type CommandType = LedgerCommand['type'];
export type CommandOfType<T extends CommandType> = Extract<LedgerCommand, { type: T }>;

/** Cross-aggregate facts any decider may be given: a superset of every decider's context. */
export interface LedgerContext {
  readonly sources: ReadonlyMap<string, RegisteredSource>;
  readonly agreements: ReadonlyMap<string, AgreementState>;
}

/** Which other streams a decision reads: the sources and agreements it refers to, by id. */
export interface ContextNeeds {
  readonly sourceIds: readonly string[];
  readonly agreementIds: readonly string[];
}

/** What a caller holds, by id: a registered source, an agreement's state. */
export interface ContextHolder {
  source(sourceId: string): RegisteredSource | undefined;
  agreement(agreementId: string): AgreementState | undefined;
}

/** The context a decision needs, from a synchronous holder (the test ledgers keep every state). */
export function contextFrom(needs: ContextNeeds, holder: ContextHolder): LedgerContext {
  return {
    sources: pick(needs.sourceIds, (id) => holder.source(id)),
    agreements: pick(needs.agreementIds, (id) => holder.agreement(id)),
  };
}

/** The values found for the ids (an id with none is left out, as a store would). */
function pick<T>(ids: readonly string[], get: (id: string) => T | undefined): Map<string, T> {
  const found = new Map<string, T>();
  for (const id of ids) {
    const value = get(id);
    if (value !== undefined) found.set(id, value);
  }
  return found;
}

/** The commands, events and states of each aggregate. */
interface Aggregates {
  readonly source: { command: SourceCommand; event: SourceEvent; state: SourceState };
  readonly agreement: { command: AgreementCommand; event: AgreementEvent; state: AgreementState };
  readonly offer: { command: OfferCommand; event: OfferEvent; state: OfferState };
}
export type AggregateName = keyof Aggregates;

/** An aggregate's decider and what a command on it needs (its stream's state already loaded). */
export interface AggregateRoute<C, E extends LedgerEvent, S> {
  readonly aggregate: AggregateName;
  readonly decider: Decider<C, E, S, LedgerContext>;
  readonly needs: (command: C, state: S) => ContextNeeds;
}

const AGGREGATE_ROUTES: {
  readonly [A in AggregateName]: AggregateRoute<
    Aggregates[A]['command'],
    Aggregates[A]['event'],
    Aggregates[A]['state']
  >;
} = {
  source: {
    aggregate: 'source',
    decider: sourceDecider,
    needs: (command) => ({ sourceIds: sourcesNeededForSourceCommand(command), agreementIds: [] }),
  },
  agreement: {
    aggregate: 'agreement',
    decider: agreementDecider,
    needs: (command, state) => ({
      sourceIds: sourcesNeededForAgreementCommand(command, state),
      agreementIds: [],
    }),
  },
  offer: { aggregate: 'offer', decider: offerDecider, needs: referencesOfOfferCommand },
};

/** Each command type's aggregate; a type-level check below proves the aggregate accepts it. */
export const COMMAND_AGGREGATES = {
  RegisterSource: 'source',
  SignAgreement: 'agreement',
  ReportTransfer: 'agreement',
  ClaimTermCompletion: 'agreement',
  ClaimCharacterization: 'agreement',
  ReviseClaim: 'agreement',
  RecordInference: 'agreement',
  RetractClaim: 'agreement',
  CorroborateClaim: 'agreement',
  RaiseDispute: 'agreement',
  ChangeDisputeStatus: 'agreement',
  LinkScopes: 'agreement',
  MakeOffer: 'offer',
  ReviseOffer: 'offer',
  AnswerOffer: 'offer',
} as const satisfies Record<CommandType, AggregateName>;

// Compile-time proof that every command goes to an aggregate whose decider takes it.
type Misrouted = {
  [T in CommandType]: CommandOfType<T> extends Aggregates[(typeof COMMAND_AGGREGATES)[T]]['command']
    ? never
    : T;
}[CommandType];
const everyCommandRouted: [Misrouted] extends [never] ? true : Misrouted = true;
void everyCommandRouted;

/** A command's route, handed to a visitor generic in the aggregate's types. */
export type RouteVisitor<R> = <C, E extends LedgerEvent, S>(
  route: AggregateRoute<C, E, S>,
  command: C,
) => R;

/**
 * Calls `visit` with the command's aggregate route. A visitor rather than a return value, so the
 * caller's code stays generic over the aggregate (TypeScript has no existential types).
 */
export function routeCommand<R>(command: LedgerCommand, visit: RouteVisitor<R>): R {
  const aggregate = COMMAND_AGGREGATES[command.type];
  // The casts are proven by Misrouted above: the command belongs to this aggregate.
  const route = AGGREGATE_ROUTES[aggregate] as AggregateRoute<unknown, LedgerEvent, unknown>;
  return visit(route, command);
}

export function aggregateOf(command: LedgerCommand): AggregateName {
  return COMMAND_AGGREGATES[command.type];
}
