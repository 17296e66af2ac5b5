import { Injectable } from '@nestjs/common';
import type { CommandContext } from './command-context';

/** A command arrived without an authenticated key: its route is public by mistake. A bug, not a request to answer. */
export class MissingRequesterError extends Error {
  constructor(commandContext: string) {
    super(
      `A command reached the ledger without an authenticated API key (${commandContext}); its route must declare @Roles`,
    );
    this.name = 'MissingRequesterError';
  }
}

/**
 * Who records a command: the name of the API key that authenticated the request, never anything
 * from the request body. The one place that decides it.
 */
@Injectable()
export class ActorResolver {
  actorOf(context: CommandContext): string {
    if (context.requester === undefined)
      throw new MissingRequesterError(context.correlationId ?? 'no correlation id');
    return context.requester.name;
  }
}
