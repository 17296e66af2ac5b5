import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandOutcome } from '../shared/command-answer';
import type { CommandContext } from '../shared/command-context';
import { DecideAndAppend } from '../shared/decide-and-append';
import { toQuantity, toSourcing, withoutUndefined } from '../shared/to-domain';
import type { MakeOfferRequest } from './make-offer.request';

export class MakeOfferCommand extends Command<CommandOutcome> {
  constructor(
    readonly request: MakeOfferRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(MakeOfferCommand)
export class MakeOfferHandler implements ICommandHandler<MakeOfferCommand> {
  constructor(private readonly ledger: DecideAndAppend) {}

  execute({ request: r, context }: MakeOfferCommand): Promise<CommandOutcome> {
    return this.ledger.execute(context, ({ newId, now }) => {
      const offerId = r.offerId ?? newId('offerId');
      const data = withoutUndefined({
        offerId,
        agreementId: r.agreementId,
        by: r.by,
        to: r.to,
        sourceId: r.sourceId,
        measure: r.measure,
        quantity: toQuantity(r.quantity),
        beyondAgreement: r.beyondAgreement,
        statedAt: r.statedAt,
        ...toSourcing(r),
      });
      return { ids: { offerId }, command: { type: 'MakeOffer', metadata: { now }, data } };
    });
  }
}
