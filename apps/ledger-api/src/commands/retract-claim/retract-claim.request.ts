import { STATEMENT_PRECISIONS, type StatementPrecision } from '@ledger/domain';
import { IsInstant, IsOneOf, IsText, Optional } from '../shared/request-fields';

export class RetractClaimRequest {
  @IsText() reason!: string;
  @Optional() @IsInstant() statedAt?: string;
  /** 'day' (the default for a day) or 'approximate'. */
  @Optional() @IsOneOf(STATEMENT_PRECISIONS) statedAtPrecision?: StatementPrecision;
}
