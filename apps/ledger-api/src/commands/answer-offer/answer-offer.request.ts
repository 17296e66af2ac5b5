import { IsIn } from 'class-validator';
import { OFFER_ANSWERS, type OfferAnswer } from '@ledger/domain';
import { SourcedStatementDto } from '../shared/request-fields';

export class AnswerOfferRequest extends SourcedStatementDto {
  @IsIn(OFFER_ANSWERS) answer!: OfferAnswer;
}
