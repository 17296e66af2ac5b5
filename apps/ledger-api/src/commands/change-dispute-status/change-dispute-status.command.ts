import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import type { CommandContext } from '../shared/command-context';
import { DecideAndAppend } from '../shared/decide-and-append';
import type { DisputePath } from '../shared/path-params';
import type { ChangeDisputeStatusRequest } from './change-dispute-status.request';

export class ChangeDisputeStatusCommand extends Command<CommandOutcome> {
  constructor(
    readonly path: DisputePath,
    readonly request: ChangeDisputeStatusRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeDisputeStatusCommand)
export class ChangeDisputeStatusHandler implements ICommandHandler<ChangeDisputeStatusCommand> {
  constructor(private readonly ledger: DecideAndAppend) {}

  execute({
    path: { agreementId, disputeId },
    request: r,
    context,
  }: ChangeDisputeStatusCommand): Promise<CommandOutcome> {
    return this.ledger.execute(context, ({ now }) => {
      const data = { agreementId, disputeId, status: r.status, reason: r.reason };
      return {
        ids: { agreementId, disputeId },
        command: { type: 'ChangeDisputeStatus', metadata: { now }, data },
      };
    });
  }
}
