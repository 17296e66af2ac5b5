import { OFFER_ANSWERS, type OfferAnswer } from '@ledger/domain';
import { IsOneOf, IsSlug, Optional, SourcedStatementDto } from '../shared/request-fields';

export class AnswerOfferRequest extends SourcedStatementDto {
  @IsOneOf(OFFER_ANSWERS) answer!: OfferAnswer;
  /** The source that reported the answer (a relay, a news agency) when not the answering party's own source. */
  @Optional() @IsSlug() reportedBy?: string;
}
