import { PERSON_DISPUTE_STATUSES } from '@ledger/domain';
import { IsOneOf, IsText } from '../shared/request-fields';

export class ChangeDisputeStatusRequest {
  @IsOneOf(PERSON_DISPUTE_STATUSES) status!: (typeof PERSON_DISPUTE_STATUSES)[number];
  @IsText() reason!: string;
}
