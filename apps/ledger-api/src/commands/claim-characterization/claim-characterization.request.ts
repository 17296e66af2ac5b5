import { IsSlug, Optional, SourcedClaimStatementDto } from '../shared/request-fields';

export class ClaimCharacterizationRequest extends SourcedClaimStatementDto {
  /** Generated (a UUID) when absent. */
  @Optional() @IsSlug() claimId?: string;
  /** The term characterised; absent when the framing is about the agreement as a whole. */
  @Optional() @IsSlug() termId?: string;
  /** e.g. 'reciprocity'. */
  @IsSlug() property!: string;
  /** e.g. 'mutual_exchange'. */
  @IsSlug() value!: string;
}
