import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type LedgerCommand } from '@ledger/domain';
import {
  DuplicateEventIdError,
  type EventStore,
  WrongExpectedVersionError,
} from '@ledger/event-store';
import { EVENT_STORE } from '../../store/store.tokens';
import { ActorResolver } from './actor-resolver';
import type { CommandContext } from './command-context';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from './command-errors';
import { type AnswerIds, CommandOutcome, writtenOf } from './command-answer';
import { decisionFor, type Decision, type LoadedStream } from './decision';
import { type Envelope, eventsToAppend } from './event-envelope';
import { reservationsOf, reserveIds } from './id-reservations';
import { type EarlierAttempt, idMaker } from './idempotency';
import { ContextLoader, StreamStates } from './stream-history';
import { StreamQueue } from './stream-queue';

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

/** One command as the path carries it across attempts. */
interface Request {
  readonly actor: string;
  readonly context: CommandContext;
  readonly envelope: Envelope;
  readonly newId: (purpose: string) => string;
  readonly ids: AnswerIds;
}

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

const isLostRace = (error: unknown): boolean =>
  error instanceof WrongExpectedVersionError || error instanceof DuplicateEventIdError;

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
 * The one command path: one command per stream at a time in this process (StreamQueue); load the
 * stream's state (the fold kept from the last command on it plus the events since, with the
 * idempotency keys they carry), answer a key seen before with its first answer, else load the
 * context, decide, append with the exact expected revision; on a race lost to another process
 * reload (only the new events) and decide again, at most MAX_RETRIES times.
 */
@Injectable()
export class DecideAndAppend {
  private readonly states: StreamStates;
  private readonly load: ContextLoader;
  private readonly queue = new StreamQueue();

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
    return this.queue.run(decision.stream, () =>
      this.attempt(decision, { actor, context, envelope, newId, ids }),
    );
  }

  private async attempt(decision: Decision, request: Request): Promise<CommandOutcome> {
    const { actor, context, envelope, ids } = request;
    let keyCollided = false;
    // First on the kept fold without a read: commands on a stream mostly come through this
    // process, and the exact expected revision refuses an append on a state another writer has
    // moved past. Then (after a refusal, or a lost race) on the stream as read now.
    let trustKept = true;
    for (let attempt = 0; ; attempt++) {
      const loaded = await decision.load(this.states, trustKept);
      trustKept = false;
      const earlier = context.idempotency
        ? loaded.keys.earlierAttempt(actor, context.idempotency)
        : undefined;
      if (earlier !== undefined) return this.replay(ids, earlier, envelope);
      // The key's event ids are taken, but not on this stream: the key was used for another request.
      if (keyCollided)
        throw new IdempotencyKeyReusedError(
          context.idempotency?.key ?? '',
          'it was first used for a request on another stream',
        );
      try {
        return await this.decideAndAppend(decision, loaded, request);
      } catch (error) {
        // Decided on a kept fold not read again: a refusal, or a revision moved on by another
        // writer, is judged again on the stream as read now, before it counts as a lost race.
        if (!loaded.read && (error instanceof DomainError || isLostRace(error))) {
          attempt--;
          continue;
        }
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
    loaded: LoadedStream,
    { envelope, newId, ids }: Request,
  ): Promise<CommandOutcome> {
    const events = await loaded.decide();
    // Deciders refuse with a DomainError; an empty decision would be a bug, not a request to answer 201.
    if (events.length === 0)
      throw new Error(`The decider returned no events for ${envelope.commandName}`);
    const toAppend = eventsToAppend(events, envelope, (index) => newId(`event:${index}`));
    // Claim and dispute ids are unique across the ledger: reserved first, refused with nothing written.
    await reserveIds(this.store, reservationsOf(events), envelope, newId);
    const expectedRevision =
      decision.expectation === 'new' || loaded.revision === undefined
        ? 'no_stream'
        : loaded.revision;
    const written = await this.store.appendToStream(decision.stream, toAppend, {
      expectedRevision,
    });
    loaded.appended(toAppend, written);
    return new CommandOutcome(
      { ...ids, ...writtenOf(toAppend, written.nextExpectedRevision, written.position) },
      false,
      envelope.correlationId,
    );
  }

  private replay(ids: AnswerIds, earlier: EarlierAttempt, envelope: Envelope): CommandOutcome {
    return new CommandOutcome(
      { ...ids, ...writtenOf(earlier.events, earlier.revision, earlier.position) },
      true,
      envelope.correlationId,
    );
  }
}
