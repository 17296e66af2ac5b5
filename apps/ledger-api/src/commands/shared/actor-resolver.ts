import { Injectable } from '@nestjs/common';
import type { CommandContext } from './command-context';

/**
 * Who records a command. The one place that decides it, never the request body: until
 * authentication lands every command is recorded as 'anonymous'; then this returns the owner of
 * the request's API key.
 */
@Injectable()
export class ActorResolver {
  actorOf(_context: CommandContext): string {
    return 'anonymous';
  }
}
