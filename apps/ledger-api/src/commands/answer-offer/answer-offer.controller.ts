import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import { CommandContext } from '../shared/command-context';
import { CommandDocs } from '../shared/command-docs';
import { OfferPath } from '../shared/path-params';
import { AnswerOfferCommand } from './answer-offer.command';
import { AnswerOfferRequest } from './answer-offer.request';
import { Roles } from '../../auth';

@Controller('offers/:offerId/answers')
export class AnswerOfferController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('recorder')
  @CommandDocs(
    'Answer an offer',
    "Records the other party's answer (accepted, rejected, countered…) to an offer.",
  )
  answerOffer(
    @Param() path: OfferPath,
    @Body() body: AnswerOfferRequest,
    @CommandContext() context: CommandContext,
  ): Promise<CommandOutcome> {
    return this.commands.execute(new AnswerOfferCommand(path, body, context));
  }
}
