import { IsSlug, Optional, SourcedClaimStatementDto } from '../shared/request-fields';

export class ClaimTermCompletionRequest extends SourcedClaimStatementDto {
  /** Generated (a UUID) when absent. */
  @Optional() @IsSlug() claimId?: string;
  @IsSlug() termId!: string;
}
