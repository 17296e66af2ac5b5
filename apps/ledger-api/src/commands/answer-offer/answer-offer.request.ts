import { OFFER_ANSWERS, type OfferAnswer } from '@ledger/domain';
import { IsOneOf, SourcedStatementDto } from '../shared/request-fields';

export class AnswerOfferRequest extends SourcedStatementDto {
  @IsOneOf(OFFER_ANSWERS) answer!: OfferAnswer;
}
