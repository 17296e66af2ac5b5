import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import { CommandContext } from '../shared/command-context';
import { CommandDocs } from '../shared/command-docs';
import { ClaimPath } from '../shared/path-params';
import { RetractClaimCommand } from './retract-claim.command';
import { RetractClaimRequest } from './retract-claim.request';
import { Roles } from '../../auth';

@Controller('agreements/:agreementId/claims/:claimId/retraction')
export class RetractClaimController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('recorder')
  @CommandDocs(
    'Retract a claim',
    'Records that the source withdrew its claim; it stays in history.',
  )
  retractClaim(
    @Param() path: ClaimPath,
    @Body() body: RetractClaimRequest,
    @CommandContext() context: CommandContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(new RetractClaimCommand(path, body, context));
  }
}
