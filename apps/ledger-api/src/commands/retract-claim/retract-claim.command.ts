import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import type { CommandContext } from '../shared/command-context';
import { DecideAndAppend } from '../shared/decide-and-append';
import type { ClaimPath } from '../shared/path-params';
import { withoutUndefined } from '../shared/to-domain';
import type { RetractClaimRequest } from './retract-claim.request';

export class RetractClaimCommand extends Command<CommandOutcome> {
  constructor(
    readonly path: ClaimPath,
    readonly request: RetractClaimRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RetractClaimCommand)
export class RetractClaimHandler implements ICommandHandler<RetractClaimCommand> {
  constructor(private readonly ledger: DecideAndAppend) {}

  execute({
    path: { agreementId, claimId },
    request: r,
    context,
  }: RetractClaimCommand): Promise<CommandOutcome> {
    return this.ledger.execute(context, ({ now }) => {
      const data = withoutUndefined({
        agreementId,
        claimId,
        reason: r.reason,
        statedAt: r.statedAt,
        statedAtPrecision: r.statedAtPrecision,
      });
      return {
        ids: { agreementId, claimId },
        command: { type: 'RetractClaim', metadata: { now }, data },
      };
    });
  }
}
