import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import { CommandContext } from '../shared/command-context';
import { CommandDocs } from '../shared/command-docs';
import { AgreementPath } from '../shared/path-params';
import { RaiseDisputeCommand } from './raise-dispute.command';
import { RaiseDisputeRequest } from './raise-dispute.request';
import { Roles } from '../../auth';

@Controller('agreements/:agreementId/disputes')
export class RaiseDisputeController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('recorder')
  @CommandDocs('Raise a dispute', 'Records a dispute over claims (e.g. about named persons).')
  raiseDispute(
    @Param() path: AgreementPath,
    @Body() body: RaiseDisputeRequest,
    @CommandContext() context: CommandContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(new RaiseDisputeCommand(path, body, context));
  }
}
