import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import { CommandContext } from '../shared/command-context';
import { CommandDocs } from '../shared/command-docs';
import { DisputePath } from '../shared/path-params';
import { ChangeDisputeStatusCommand } from './change-dispute-status.command';
import { ChangeDisputeStatusRequest } from './change-dispute-status.request';
import { Roles } from '../../auth';

@Controller('agreements/:agreementId/disputes/:disputeId/status')
export class ChangeDisputeStatusController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('recorder')
  @CommandDocs(
    "Change a dispute's status",
    'Records a new status of a dispute about a person (e.g. resolved), with why.',
  )
  changeDisputeStatus(
    @Param() path: DisputePath,
    @Body() body: ChangeDisputeStatusRequest,
    @CommandContext() context: CommandContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(new ChangeDisputeStatusCommand(path, body, context));
  }
}
