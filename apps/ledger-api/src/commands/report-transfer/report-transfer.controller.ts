import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import { CommandContext } from '../shared/command-context';
import { CommandDocs } from '../shared/command-docs';
import { AgreementPath } from '../shared/path-params';
import { ReportTransferCommand } from './report-transfer.command';
import { ReportTransferRequest } from './report-transfer.request';
import { Roles } from '../../auth';

@Controller('agreements/:agreementId/transfers')
export class ReportTransferController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('recorder')
  @CommandDocs(
    'Report a transfer figure',
    "Records a source's figure for a transfer (how many, which phase or cumulative total, when); a differing figure for the same quantity opens a dispute.",
  )
  reportTransfer(
    @Param() path: AgreementPath,
    @Body() body: ReportTransferRequest,
    @CommandContext() context: CommandContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(new ReportTransferCommand(path, body, context));
  }
}
