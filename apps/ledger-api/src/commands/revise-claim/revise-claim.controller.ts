import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import { CommandContext } from '../shared/command-context';
import { CommandDocs } from '../shared/command-docs';
import { ClaimPath } from '../shared/path-params';
import { ReviseClaimCommand } from './revise-claim.command';
import { ReviseClaimRequest } from './revise-claim.request';
import { Roles } from '../../auth';

@Controller('agreements/:agreementId/claims/:claimId/revisions')
export class ReviseClaimController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('recorder')
  @CommandDocs(
    'Revise a claim',
    "Records a source's revised figure; the earlier claim is superseded, not erased.",
  )
  reviseClaim(
    @Param() path: ClaimPath,
    @Body() body: ReviseClaimRequest,
    @CommandContext() context: CommandContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(new ReviseClaimCommand(path, body, context));
  }
}
