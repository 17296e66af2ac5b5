import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import type { CommandContext } from '../shared/command-context';
import { DecideAndAppend } from '../shared/decide-and-append';
import type { OfferPath } from '../shared/path-params';
import { toSourcing, withoutUndefined } from '../shared/to-domain';
import type { AnswerOfferRequest } from './answer-offer.request';

export class AnswerOfferCommand extends Command<CommandOutcome> {
  constructor(
    readonly path: OfferPath,
    readonly request: AnswerOfferRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(AnswerOfferCommand)
export class AnswerOfferHandler implements ICommandHandler<AnswerOfferCommand> {
  constructor(private readonly ledger: DecideAndAppend) {}

  execute({ path: { offerId }, request: r, context }: AnswerOfferCommand): Promise<CommandOutcome> {
    return this.ledger.execute(context, ({ now }) => {
      const data = withoutUndefined({
        offerId,
        answer: r.answer,
        sourceId: r.sourceId,
        reportedBy: r.reportedBy,
        statedAt: r.statedAt,
        ...toSourcing(r),
      });
      return { ids: { offerId }, command: { type: 'AnswerOffer', metadata: { now }, data } };
    });
  }
}
