import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import type { CommandContext } from '../shared/command-context';
import { DecideAndAppend } from '../shared/decide-and-append';
import type { AgreementPath } from '../shared/path-params';
import { toSourcing, withoutUndefined } from '../shared/to-domain';
import type { ClaimTermCompletionRequest } from './claim-term-completion.request';

export class ClaimTermCompletionCommand extends Command<CommandOutcome> {
  constructor(
    readonly path: AgreementPath,
    readonly request: ClaimTermCompletionRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ClaimTermCompletionCommand)
export class ClaimTermCompletionHandler implements ICommandHandler<ClaimTermCompletionCommand> {
  constructor(private readonly ledger: DecideAndAppend) {}

  execute({
    path: { agreementId },
    request: r,
    context,
  }: ClaimTermCompletionCommand): Promise<CommandOutcome> {
    return this.ledger.execute(context, ({ newId, now }) => {
      const claimId = r.claimId ?? newId('claimId');
      const data = withoutUndefined({
        agreementId,
        claimId,
        termId: r.termId,
        sourceId: r.sourceId,
        statedAt: r.statedAt,
        statedAtPrecision: r.statedAtPrecision,
        ...toSourcing(r),
      });
      return {
        ids: { agreementId, claimId },
        command: { type: 'ClaimTermCompletion', metadata: { now }, data },
      };
    });
  }
}
