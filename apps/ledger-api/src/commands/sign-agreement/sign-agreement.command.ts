import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AgreedQuantity, AgreementTerm } from '@ledger/domain';
import type { CommandOutcome } from '../shared/command-answer';
import type { CommandContext } from '../shared/command-context';
import { DecideAndAppend } from '../shared/decide-and-append';
import { toQuantity, withoutUndefined } from '../shared/to-domain';
import type { AgreedQuantityDto, SignAgreementRequest, TermDto } from './sign-agreement.request';

function toAgreedQuantity(dto: AgreedQuantityDto): AgreedQuantity {
  return withoutUndefined({ ...toQuantity(dto), basis: dto.basis, party: dto.party });
}

function toTerm(dto: TermDto): AgreementTerm {
  const agreedQuantity =
    dto.agreedQuantity === undefined ? undefined : toAgreedQuantity(dto.agreedQuantity);
  return withoutUndefined({
    termId: dto.termId,
    kind: dto.kind,
    description: dto.description,
    agreedQuantity,
    agreedPerParty: dto.agreedPerParty?.map((b) => ({ ...toQuantity(b), party: b.party })),
    agreedRatio: dto.agreedRatio && {
      party: dto.agreedRatio.party,
      releases: dto.agreedRatio.releases,
      counterparty: dto.agreedRatio.counterparty,
      receives: dto.agreedRatio.receives,
    },
    reciprocity: dto.reciprocity,
  });
}

export class SignAgreementCommand extends Command<CommandOutcome> {
  constructor(
    readonly request: SignAgreementRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SignAgreementCommand)
export class SignAgreementHandler implements ICommandHandler<SignAgreementCommand> {
  constructor(private readonly ledger: DecideAndAppend) {}

  execute({ request: r, context }: SignAgreementCommand): Promise<CommandOutcome> {
    return this.ledger.execute(context, ({ newId, now }) => {
      const agreementId = r.agreementId ?? newId('agreementId');
      const party = ({ id, name }: { id: string; name: string }) => ({ id, name });
      const data = {
        agreementId,
        title: r.title,
        venue: r.venue,
        signedOn: r.signedOn,
        parties: r.parties.map(party),
        mediators: (r.mediators ?? []).map(party),
        terms: r.terms.map(toTerm),
      };
      return { ids: { agreementId }, command: { type: 'SignAgreement', metadata: { now }, data } };
    });
  }
}
