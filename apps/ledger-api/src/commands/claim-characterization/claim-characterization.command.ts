import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import type { CommandContext } from '../shared/command-context';
import { DecideAndAppend } from '../shared/decide-and-append';
import type { AgreementPath } from '../shared/path-params';
import { toSourcing, withoutUndefined } from '../shared/to-domain';
import type { ClaimCharacterizationRequest } from './claim-characterization.request';

export class ClaimCharacterizationCommand extends Command<CommandOutcome> {
  constructor(
    readonly path: AgreementPath,
    readonly request: ClaimCharacterizationRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ClaimCharacterizationCommand)
export class ClaimCharacterizationHandler implements ICommandHandler<ClaimCharacterizationCommand> {
  constructor(private readonly ledger: DecideAndAppend) {}

  execute({
    path: { agreementId },
    request: r,
    context,
  }: ClaimCharacterizationCommand): Promise<CommandOutcome> {
    return this.ledger.execute(context, ({ newId, now }) => {
      const claimId = r.claimId ?? newId('claimId');
      const data = withoutUndefined({
        agreementId,
        claimId,
        termId: r.termId,
        property: r.property,
        value: r.value,
        sourceId: r.sourceId,
        statedAt: r.statedAt,
        statedAtPrecision: r.statedAtPrecision,
        ...toSourcing(r),
      });
      return {
        ids: { agreementId, claimId },
        command: { type: 'ClaimCharacterization', metadata: { now }, data },
      };
    });
  }
}
