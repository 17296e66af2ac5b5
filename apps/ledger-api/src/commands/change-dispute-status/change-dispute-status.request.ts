import { IsIn } from 'class-validator';
import { PERSON_DISPUTE_STATUSES } from '@ledger/domain';
import { IsText } from '../shared/request-fields';

export class ChangeDisputeStatusRequest {
  @IsIn(PERSON_DISPUTE_STATUSES) status!: (typeof PERSON_DISPUTE_STATUSES)[number];
  @IsText() reason!: string;
}
