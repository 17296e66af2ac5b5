import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import type { CommandContext } from '../shared/command-context';
import { DecideAndAppend } from '../shared/decide-and-append';
import type { AgreementPath } from '../shared/path-params';
import { toSourcing, withoutUndefined } from '../shared/to-domain';
import { toFigure } from './report-transfer.mapping';
import type { ReportTransferRequest } from './report-transfer.request';

export class ReportTransferCommand extends Command<CommandOutcome> {
  constructor(
    readonly path: AgreementPath,
    readonly request: ReportTransferRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ReportTransferCommand)
export class ReportTransferHandler implements ICommandHandler<ReportTransferCommand> {
  constructor(private readonly ledger: DecideAndAppend) {}

  execute({
    path: { agreementId },
    request: r,
    context,
  }: ReportTransferCommand): Promise<CommandOutcome> {
    return this.ledger.execute(context, ({ newId, now }) => {
      const claimId = r.claimId ?? newId('claimId');
      const data = withoutUndefined({
        agreementId,
        claimId,
        ...toFigure(r),
        statedAt: r.statedAt,
        statedAtPrecision: r.statedAtPrecision,
        sourceId: r.sourceId,
        disputeId: r.disputeId,
        priorPeriod: r.priorPeriod,
        ...toSourcing(r),
      });
      return {
        ids: { agreementId, claimId },
        command: { type: 'ReportTransfer', metadata: { now }, data },
      };
    });
  }
}
