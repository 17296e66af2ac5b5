import { IsSlug, Optional, SourcedStatementDto } from '../shared/request-fields';

export class ClaimTermCompletionRequest extends SourcedStatementDto {
  /** Generated (a UUID) when absent. */
  @Optional() @IsSlug() claimId?: string;
  @IsSlug() termId!: string;
}
