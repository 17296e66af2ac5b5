import { randomUUID } from 'node:crypto';
import {
  type AgreementCommand,
  agreementDecider,
  type AgreementEvent,
  type AgreementState,
  type Decider,
  eventDataAsJson,
  isOfferCommand,
  isSourceCommand,
  type LedgerCommand,
  type LedgerEvent,
  type OfferCommand,
  offerDecider,
  type OfferEvent,
  type OfferState,
  type RegisteredSource,
  type SourceCommand,
  sourceDecider,
  type SourceEvent,
  type SourceState,
} from '@ledger/domain';
import { type EventStore } from '@ledger/event-store';

export interface WrittenCommand {
  readonly stream: string;
  readonly events: readonly LedgerEvent[];
  /** The global position of the batch's last event. */
  readonly position: bigint;
}

/**
 * Runs commands through the real deciders and appends their events to a store, as the command
 * API does: one append per command, against the stream's expected revision, each event with an
 * actor, a correlation id (the command's) and a causation id (the command for the first event,
 * the first event for the events the rules derived from it). State is kept per stream and evolved
 * incrementally, so long generated histories stay linear.
 */
export class LedgerWriter {
  private readonly sources = new Map<string, SourceState>();
  private readonly agreements = new Map<string, AgreementState>();
  private readonly offers = new Map<string, OfferState>();
  private readonly revisions = new Map<string, bigint>();

  constructor(
    private readonly store: EventStore,
    private readonly actor = 'desk-1',
  ) {}

  /** Decides and appends; a refused command throws the domain's DomainError and appends nothing. */
  async execute(command: LedgerCommand): Promise<WrittenCommand> {
    const decided = this.decide(command);
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
    for (const state of this.sources.values())
      if (state.status === 'registered') registered.set(state.sourceId, state);
    return registered;
  }

  agreement(agreementId: string): AgreementState | undefined {
    return this.agreements.get(agreementId);
  }

  private async appendDecided(
    stream: string,
    events: readonly LedgerEvent[],
    ids: readonly string[],
    command: { commandId: string; commandName: string },
  ): Promise<bigint> {
    const { commandId, commandName } = command;
    const revision = this.revisions.get(stream);
    const toAppend = events.map((event, i) => ({
      id: ids[i] as string,
      type: event.type,
      data: eventDataAsJson(event),
      metadata: {
        actor: this.actor,
        correlationId: commandId,
        commandName,
        causationId: i === 0 ? commandId : (ids[0] as string),
        schemaVersion: event.schemaVersion,
      },
    }));
    const result = await this.store.appendToStream(stream, toAppend, {
      expectedRevision: revision ?? 'no_stream',
    });
    this.revisions.set(stream, result.nextExpectedRevision);
    return result.position;
  }

  private decide(command: LedgerCommand): {
    stream: string;
    events: LedgerEvent[];
    commit: () => void;
  } {
    const sources = { sources: this.registeredSources() };
    if (isSourceCommand(command))
      return this.run<SourceCommand, SourceEvent, SourceState, typeof sources>(
        sourceDecider,
        this.sources,
        command,
        sources,
      );
    if (isOfferCommand(command)) {
      const context = { ...sources, agreements: this.agreements };
      return this.run<OfferCommand, OfferEvent, OfferState, typeof context>(
        offerDecider,
        this.offers,
        command,
        context,
      );
    }
    return this.run<AgreementCommand, AgreementEvent, AgreementState, typeof sources>(
      agreementDecider,
      this.agreements,
      command,
      sources,
    );
  }

  private run<C, E extends LedgerEvent, S, X>(
    decider: Decider<C, E, S, X>,
    states: Map<string, S>,
    command: C,
    context: X,
  ): { stream: string; events: E[]; commit: () => void } {
    const stream = decider.streamFor(command);
    const id = stream.slice(stream.indexOf('-') + 1);
    const before = states.get(id) ?? decider.initialState();
    const events = decider.decide(command, before, context);
    return { stream, events, commit: () => states.set(id, events.reduce(decider.evolve, before)) };
  }
}
