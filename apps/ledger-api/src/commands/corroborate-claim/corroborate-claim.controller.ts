import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import { CommandContext } from '../shared/command-context';
import { CommandDocs } from '../shared/command-docs';
import { ClaimPath } from '../shared/path-params';
import { CorroborateClaimCommand } from './corroborate-claim.command';
import { CorroborateClaimRequest } from './corroborate-claim.request';
import { Roles } from '../../auth';

@Controller('agreements/:agreementId/claims/:claimId/corroborations')
export class CorroborateClaimController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('recorder')
  @CommandDocs(
    'Corroborate a claim',
    "Records another source's corroboration of a claim (independent, or a relay of the original).",
  )
  corroborateClaim(
    @Param() path: ClaimPath,
    @Body() body: CorroborateClaimRequest,
    @CommandContext() context: CommandContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(new CorroborateClaimCommand(path, body, context));
  }
}
