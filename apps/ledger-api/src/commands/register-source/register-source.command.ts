import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import type { CommandContext } from '../shared/command-context';
import { DecideAndAppend } from '../shared/decide-and-append';
import { withoutUndefined } from '../shared/to-domain';
import type { RegisterSourceRequest } from './register-source.request';

export class RegisterSourceCommand extends Command<CommandOutcome> {
  constructor(
    readonly request: RegisterSourceRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterSourceCommand)
export class RegisterSourceHandler implements ICommandHandler<RegisterSourceCommand> {
  constructor(private readonly ledger: DecideAndAppend) {}

  execute({ request: r, context }: RegisterSourceCommand): Promise<CommandOutcome> {
    return this.ledger.execute(context, ({ newId, now }) => {
      const sourceId = r.sourceId ?? newId('sourceId');
      const data = withoutUndefined({
        sourceId,
        name: r.name,
        kind: r.kind,
        affiliation: r.affiliation,
        channel: r.channel,
        relayOf: r.relayOf,
      });
      return { ids: { sourceId }, command: { type: 'RegisterSource', metadata: { now }, data } };
    });
  }
}
