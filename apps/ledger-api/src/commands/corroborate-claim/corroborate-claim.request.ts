import { IsOneOf, Optional, SourcedClaimStatementDto } from '../shared/request-fields';

export class CorroborateClaimRequest extends SourcedClaimStatementDto {
  /** 'relay' when the source merely passes the claim on; derived from the source when absent. */
  @Optional() @IsOneOf(['independent', 'relay']) independence?: 'independent' | 'relay';
}
