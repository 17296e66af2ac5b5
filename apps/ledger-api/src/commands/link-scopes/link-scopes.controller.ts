import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import { CommandContext } from '../shared/command-context';
import { CommandDocs } from '../shared/command-docs';
import { AgreementPath } from '../shared/path-params';
import { LinkScopesCommand } from './link-scopes.command';
import { LinkScopesRequest } from './link-scopes.request';
import { Roles } from '../../auth';

@Controller('agreements/:agreementId/scope-links')
export class LinkScopesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('recorder')
  @CommandDocs(
    'Link scopes',
    'Records that several phase labels (or periods of running totals) name one phase (period): their claims are compared from then on, and a dispute the link reveals opens at once.',
  )
  linkScopes(
    @Param() path: AgreementPath,
    @Body() body: LinkScopesRequest,
    @CommandContext() context: CommandContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(new LinkScopesCommand(path, body, context));
  }
}
