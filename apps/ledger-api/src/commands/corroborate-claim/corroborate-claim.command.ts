import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import type { CommandContext } from '../shared/command-context';
import { DecideAndAppend } from '../shared/decide-and-append';
import type { ClaimPath } from '../shared/path-params';
import { toSourcing, withoutUndefined } from '../shared/to-domain';
import type { CorroborateClaimRequest } from './corroborate-claim.request';

export class CorroborateClaimCommand extends Command<CommandOutcome> {
  constructor(
    readonly path: ClaimPath,
    readonly request: CorroborateClaimRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CorroborateClaimCommand)
export class CorroborateClaimHandler implements ICommandHandler<CorroborateClaimCommand> {
  constructor(private readonly ledger: DecideAndAppend) {}

  execute({
    path: { agreementId, claimId },
    request: r,
    context,
  }: CorroborateClaimCommand): Promise<CommandOutcome> {
    return this.ledger.execute(context, ({ now }) => {
      const data = withoutUndefined({
        agreementId,
        claimId,
        sourceId: r.sourceId,
        independence: r.independence,
        statedAt: r.statedAt,
        statedAtPrecision: r.statedAtPrecision,
        ...toSourcing(r),
      });
      return {
        ids: { agreementId, claimId },
        command: { type: 'CorroborateClaim', metadata: { now }, data },
      };
    });
  }
}
