import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import { CommandContext } from '../shared/command-context';
import { CommandDocs } from '../shared/command-docs';
import { RegisterSourceCommand } from './register-source.command';
import { RegisterSourceRequest } from './register-source.request';
import { Roles } from '../../auth';

@Controller('sources')
export class RegisterSourceController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('recorder')
  @CommandDocs(
    'Register a source',
    "Registers who makes claims: a party's authority, a mediator, media…",
  )
  registerSource(
    @Body() body: RegisterSourceRequest,
    @CommandContext() context: CommandContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(new RegisterSourceCommand(body, context));
  }
}
