import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import type { CommandContext } from '../shared/command-context';
import { DecideAndAppend } from '../shared/decide-and-append';
import type { OfferPath } from '../shared/path-params';
import { toQuantity, toSourcing } from '../shared/to-domain';
import type { ReviseOfferRequest } from './revise-offer.request';

export class ReviseOfferCommand extends Command<CommandOutcome> {
  constructor(
    readonly path: OfferPath,
    readonly request: ReviseOfferRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ReviseOfferCommand)
export class ReviseOfferHandler implements ICommandHandler<ReviseOfferCommand> {
  constructor(private readonly ledger: DecideAndAppend) {}

  execute({ path: { offerId }, request: r, context }: ReviseOfferCommand): Promise<CommandOutcome> {
    return this.ledger.execute(context, ({ now }) => {
      const data = {
        offerId,
        sourceId: r.sourceId,
        quantity: toQuantity(r.quantity),
        reason: r.reason,
        statedAt: r.statedAt,
        ...toSourcing(r),
      };
      return { ids: { offerId }, command: { type: 'ReviseOffer', metadata: { now }, data } };
    });
  }
}
