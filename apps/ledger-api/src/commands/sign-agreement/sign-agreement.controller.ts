import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import { CommandContext } from '../shared/command-context';
import { CommandDocs } from '../shared/command-docs';
import { SignAgreementCommand } from './sign-agreement.command';
import { SignAgreementRequest } from './sign-agreement.request';
import { Roles } from '../../auth';

@Controller('agreements')
export class SignAgreementController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('recorder')
  @CommandDocs('Sign an agreement', 'Records an agreement: its parties, mediators and terms.')
  signAgreement(
    @Body() body: SignAgreementRequest,
    @CommandContext() context: CommandContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(new SignAgreementCommand(body, context));
  }
}
