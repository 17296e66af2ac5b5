import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import type { CommandContext } from '../shared/command-context';
import { DecideAndAppend } from '../shared/decide-and-append';
import type { ClaimPath } from '../shared/path-params';
import { toQuantity, toSourcing, withoutUndefined } from '../shared/to-domain';
import type { ReviseClaimRequest } from './revise-claim.request';

export class ReviseClaimCommand extends Command<CommandOutcome> {
  constructor(
    readonly path: ClaimPath,
    readonly request: ReviseClaimRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ReviseClaimCommand)
export class ReviseClaimHandler implements ICommandHandler<ReviseClaimCommand> {
  constructor(private readonly ledger: DecideAndAppend) {}

  execute({
    path: { agreementId, claimId },
    request: r,
    context,
  }: ReviseClaimCommand): Promise<CommandOutcome> {
    return this.ledger.execute(context, ({ newId, now }) => {
      const newClaimId = r.newClaimId ?? newId('newClaimId');
      const data = withoutUndefined({
        agreementId,
        claimId,
        newClaimId,
        quantity: toQuantity(r.quantity),
        reason: r.reason,
        statedAt: r.statedAt,
        statedAtPrecision: r.statedAtPrecision,
        disputeId: r.disputeId,
        reportedBy: r.reportedBy,
        ...toSourcing(r),
      });
      return {
        ids: { agreementId, claimId, newClaimId },
        command: { type: 'ReviseClaim', metadata: { now }, data },
      };
    });
  }
}
