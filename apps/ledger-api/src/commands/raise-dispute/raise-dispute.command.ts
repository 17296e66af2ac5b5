import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import type { CommandContext } from '../shared/command-context';
import { DecideAndAppend } from '../shared/decide-and-append';
import type { AgreementPath } from '../shared/path-params';
import type { RaiseDisputeRequest } from './raise-dispute.request';

export class RaiseDisputeCommand extends Command<CommandOutcome> {
  constructor(
    readonly path: AgreementPath,
    readonly request: RaiseDisputeRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RaiseDisputeCommand)
export class RaiseDisputeHandler implements ICommandHandler<RaiseDisputeCommand> {
  constructor(private readonly ledger: DecideAndAppend) {}

  execute({
    path: { agreementId },
    request: r,
    context,
  }: RaiseDisputeCommand): Promise<CommandOutcome> {
    return this.ledger.execute(context, ({ newId, now }) => {
      const disputeId = r.disputeId ?? newId('disputeId');
      const data = { agreementId, disputeId, claimIds: [...r.claimIds], reason: r.reason };
      return {
        ids: { agreementId, disputeId },
        command: { type: 'RaiseDispute', metadata: { now }, data },
      };
    });
  }
}
