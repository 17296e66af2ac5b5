import { randomUUID } from 'node:crypto';
import {
  type AggregateName,
  type AggregateRoute,
  type AgreementState,
  agreementStreamFor,
  causationIds,
  contextFrom,
  eventDataAsJson,
  type LedgerCommand,
  type LedgerEvent,
  type OfferState,
  type RegisteredSource,
  routeCommand,
  type SourceState,
  sourceStreamFor,
} from '@ledger/domain';
import { type EventStore } from '@ledger/event-store';

export interface WrittenCommand {
  readonly stream: string;
  readonly events: readonly LedgerEvent[];
  /** The global position of the batch's last event. */
  readonly position: bigint;
}

/**
 * Runs commands through the real deciders (routed by the domain's command map) and appends their
 * events to a store, as the command API does: one append per command, against the stream's
 * expected revision, each event with an actor, a correlation id (the command's) and the domain's
 * causation id (causationIds). State is kept per stream and evolved incrementally, so long
 * generated histories stay linear.
 */
export class LedgerWriter {
  /** Each aggregate's folded states, by stream. */
  private readonly states = {
    source: new Map<string, SourceState>(),
    agreement: new Map<string, AgreementState>(),
    offer: new Map<string, OfferState>(),
  } satisfies Record<AggregateName, Map<string, unknown>>;
  private readonly revisions = new Map<string, bigint>();

  constructor(
    private readonly store: EventStore,
    private readonly actor = 'desk-1',
  ) {}

  /** Decides and appends; a refused command throws the domain's DomainError and appends nothing. */
  async execute(command: LedgerCommand): Promise<WrittenCommand> {
    const decided = routeCommand(command, (route, routed) => this.decide(route, routed));
    const commandId = randomUUID();
    const ids = decided.events.map(() => randomUUID());
    const position = await this.appendDecided(decided.stream, decided.events, ids, {
      commandId,
      commandName: command.type,
    });
    decided.commit();
    return { stream: decided.stream, events: decided.events, position };
  }

  async executeAll(commands: readonly LedgerCommand[]): Promise<WrittenCommand[]> {
    const written: WrittenCommand[] = [];
    for (const command of commands) written.push(await this.execute(command));
    return written;
  }

  registeredSources(): Map<string, RegisteredSource> {
    const registered = new Map<string, RegisteredSource>();
    for (const state of this.states.source.values())
      if (state.status === 'registered') registered.set(state.sourceId, state);
    return registered;
  }

  agreement(agreementId: string): AgreementState | undefined {
    return this.states.agreement.get(agreementStreamFor(agreementId));
  }

  private async appendDecided(
    stream: string,
    events: readonly LedgerEvent[],
    ids: readonly string[],
    command: { commandId: string; commandName: string },
  ): Promise<bigint> {
    const { commandId, commandName } = command;
    const revision = this.revisions.get(stream);
    const causes = causationIds(events, commandId, ids);
    const toAppend = events.map((event, i) => ({
      id: ids[i] as string,
      type: event.type,
      data: eventDataAsJson(event),
      metadata: {
        actor: this.actor,
        correlationId: commandId,
        commandName,
        causationId: causes[i] as string,
        schemaVersion: event.schemaVersion,
      },
    }));
    const result = await this.store.appendToStream(stream, toAppend, {
      expectedRevision: revision ?? 'no_stream',
    });
    this.revisions.set(stream, result.nextExpectedRevision);
    return result.position;
  }

  private decide<C, E extends LedgerEvent, S>(
    { aggregate, decider, needs }: AggregateRoute<C, E, S>,
    command: C,
  ): { stream: string; events: E[]; commit: () => void } {
    // The route's aggregate names the map of its own states: S is that aggregate's state.
    const states = this.states[aggregate] as Map<string, unknown> as Map<string, S>;
    const stream = decider.streamFor(command);
    const before = states.get(stream) ?? decider.initialState();
    const context = contextFrom(needs(command, before), {
      source: (id) => {
        const state = this.states.source.get(sourceStreamFor(id));
        return state?.status === 'registered' ? state : undefined;
      },
      agreement: (id) => this.agreement(id),
    });
    const events = decider.decide(command, before, context);
    return { stream, events, commit: () => states.set(stream, decider.fold(before, events)) };
  }
}
