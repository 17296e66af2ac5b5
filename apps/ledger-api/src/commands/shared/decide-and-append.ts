import { Inject, Injectable } from '@nestjs/common';
import type { LedgerCommand } from '@ledger/domain';
import {
  DuplicateEventIdError,
  type EventStore,
  type RecordedEvent,
  WrongExpectedVersionError,
} from '@ledger/event-store';
import { EVENT_STORE } from '../../store/store.tokens';
import { ActorResolver } from './actor-resolver';
import type { CommandContext } from './command-context';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from './command-errors';
import { type AnswerIds, CommandOutcome, writtenOf } from './command-answer';
import { decisionFor, type Decision } from './decision';
import { type Envelope, eventsToAppend } from './event-envelope';
import { reservationsOf, reserveIds } from './id-reservations';
import { eventsOfEarlierAttempt, idMaker } from './idempotency';
import { ContextLoader, readHistory, StreamStates } from './stream-history';

/** Retries after losing a race for a stream's revision, before answering 409. */
export const MAX_RETRIES = 5;

/** What a handler turns its request into, given the ids and the clock the server supplies. */
export type CommandDraft = (supply: {
  readonly newId: (purpose: string) => string;
  readonly now: string;
}) => {
  readonly command: LedgerCommand;
  readonly ids: AnswerIds;
};

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** A few milliseconds, growing with the attempt, randomised so two racing writers drift apart. */
const jitterMs = (attempt: number): number => Math.floor(Math.random() * 5 * (attempt + 1)) + 1;

/**
 * After a failed append: rethrows what is not a lost race; gives up with 409 after MAX_RETRIES;
 * otherwise waits a little and says whether the race was lost to this very key (its derived event
 * ids already stored), which the next load of the stream tells apart from a reused key.
 */
async function recoverFromLostRace(
  error: unknown,
  attempt: number,
  stream: string,
  keyed: boolean,
): Promise<boolean> {
  const keyCollided = keyed && error instanceof DuplicateEventIdError;
  if (!keyCollided && !(error instanceof WrongExpectedVersionError)) throw error;
  if (attempt >= MAX_RETRIES) throw new ConcurrencyConflictError(stream, attempt + 1);
  if (!keyCollided) await pause(jitterMs(attempt));
  return keyCollided;
}

function envelopeOf(
  command: LedgerCommand,
  actor: string,
  context: CommandContext,
  newId: (purpose: string) => string,
): Envelope {
  return {
    actor,
    correlationId: context.correlationId ?? newId('correlation'),
    commandId: newId('command'),
    commandName: command.type,
    ...(context.idempotency ? { idempotency: context.idempotency } : {}),
  };
}

/**
 * The one command path: load the stream's state (the fold kept from the last command on it plus
 * the events since), load the context, decide, append with the exact expected revision; on a lost
 * race reload and decide again, at most MAX_RETRIES times.
 */
@Injectable()
export class DecideAndAppend {
  private readonly states: StreamStates;
  private readonly load: ContextLoader;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly actors: ActorResolver,
  ) {
    this.states = new StreamStates(store);
    this.load = new ContextLoader(this.states);
  }

  async execute(context: CommandContext, draft: CommandDraft): Promise<CommandOutcome> {
    const actor = this.actors.actorOf(context);
    const newId = idMaker(actor, context.idempotency?.key);
    // Built once: the ids and the clock stay the same across retries, as for a client's retry.
    const { command, ids } = draft({ newId, now: new Date().toISOString() });
    const envelope = envelopeOf(command, actor, context, newId);
    const decision = decisionFor(command, this.load);
    let keyCollided = false;
    for (let attempt = 0; ; attempt++) {
      // A keyed command reads the whole stream to find an earlier attempt; others fold on from the kept state.
      const history = context.idempotency
        ? await readHistory(this.store, decision.stream)
        : undefined;
      const earlier =
        history && context.idempotency
          ? eventsOfEarlierAttempt(history, actor, context.idempotency)
          : [];
      if (earlier.length > 0) return this.replay(ids, earlier, envelope);
      // The key's event ids are taken, but not on this stream: the key was used for another request.
      if (keyCollided)
        throw new IdempotencyKeyReusedError(
          context.idempotency?.key ?? '',
          'it was first used for a request on another stream',
        );
      try {
        return await this.decideAndAppend(decision, history, envelope, newId, ids);
      } catch (error) {
        keyCollided = await recoverFromLostRace(
          error,
          attempt,
          decision.stream,
          context.idempotency !== undefined,
        );
      }
    }
  }

  private async decideAndAppend(
    decision: Decision,
    history: readonly RecordedEvent[] | undefined,
    envelope: Envelope,
    newId: (purpose: string) => string,
    ids: AnswerIds,
  ): Promise<CommandOutcome> {
    const { events, revision } = await decision.decide(this.states, history);
    // Deciders refuse with a DomainError; an empty decision would be a bug, not a request to answer 201.
    if (events.length === 0)
      throw new Error(`The decider returned no events for ${envelope.commandName}`);
    const toAppend = eventsToAppend(events, envelope, (index) => newId(`event:${index}`));
    // Claim and dispute ids are unique across the ledger: reserved first, refused with nothing written.
    await reserveIds(this.store, reservationsOf(events), envelope, newId);
    const expectedRevision =
      decision.expectation === 'new' || revision === undefined ? 'no_stream' : revision;
    const written = await this.store.appendToStream(decision.stream, toAppend, {
      expectedRevision,
    });
    return new CommandOutcome(
      { ...ids, ...writtenOf(toAppend, written.nextExpectedRevision, written.position) },
      false,
      envelope.correlationId,
    );
  }

  private replay(
    ids: AnswerIds,
    earlier: readonly RecordedEvent[],
    envelope: Envelope,
  ): CommandOutcome {
    const last = earlier[earlier.length - 1] as RecordedEvent;
    return new CommandOutcome(
      { ...ids, ...writtenOf(earlier, last.revision, last.position) },
      true,
      envelope.correlationId,
    );
  }
}
