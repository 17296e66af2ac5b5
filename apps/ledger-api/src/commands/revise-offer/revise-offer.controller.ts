import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import { CommandContext } from '../shared/command-context';
import { CommandDocs } from '../shared/command-docs';
import { OfferPath } from '../shared/path-params';
import { ReviseOfferCommand } from './revise-offer.command';
import { ReviseOfferRequest } from './revise-offer.request';
import { Roles } from '../../auth';

@Controller('offers/:offerId/revisions')
export class ReviseOfferController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('recorder')
  @CommandDocs('Revise an offer', 'Records a revised offer, superseding the earlier terms.')
  reviseOffer(
    @Param() path: OfferPath,
    @Body() body: ReviseOfferRequest,
    @CommandContext() context: CommandContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(new ReviseOfferCommand(path, body, context));
  }
}
