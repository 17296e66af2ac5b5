import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import { CommandContext } from '../shared/command-context';
import { CommandDocs } from '../shared/command-docs';
import { AgreementPath } from '../shared/path-params';
import { ClaimTermCompletionCommand } from './claim-term-completion.command';
import { ClaimTermCompletionRequest } from './claim-term-completion.request';
import { Roles } from '../../auth';

@Controller('agreements/:agreementId/completion-claims')
export class ClaimTermCompletionController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('recorder')
  @CommandDocs(
    "Claim a term's completion",
    "Records a source's claim that a term of the agreement was completed.",
  )
  claimTermCompletion(
    @Param() path: AgreementPath,
    @Body() body: ClaimTermCompletionRequest,
    @CommandContext() context: CommandContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(new ClaimTermCompletionCommand(path, body, context));
  }
}
