import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import { CommandContext } from '../shared/command-context';
import { CommandDocs } from '../shared/command-docs';
import { AgreementPath } from '../shared/path-params';
import { ClaimCharacterizationCommand } from './claim-characterization.command';
import { ClaimCharacterizationRequest } from './claim-characterization.request';
import { Roles } from '../../auth';

@Controller('agreements/:agreementId/characterizations')
export class ClaimCharacterizationController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('recorder')
  @CommandDocs(
    'Claim a characterization',
    "Records a source's characterization of a term (a non-numeric claim, e.g. that an exchange was completed as agreed).",
  )
  claimCharacterization(
    @Param() path: AgreementPath,
    @Body() body: ClaimCharacterizationRequest,
    @CommandContext() context: CommandContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(new ClaimCharacterizationCommand(path, body, context));
  }
}
