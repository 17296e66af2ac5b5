import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import { CommandContext } from '../shared/command-context';
import { CommandDocs } from '../shared/command-docs';
import { MakeOfferCommand } from './make-offer.command';
import { MakeOfferRequest } from './make-offer.request';
import { Roles } from '../../auth';

@Controller('offers')
export class MakeOfferController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('recorder')
  @CommandDocs(
    'Make an offer',
    'Records an offer from one party to another, within or beyond an agreement.',
  )
  makeOffer(
    @Body() body: MakeOfferRequest,
    @CommandContext() context: CommandContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(new MakeOfferCommand(body, context));
  }
}
