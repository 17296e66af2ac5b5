import {
  IsNested,
  IsSlug,
  IsText,
  Optional,
  QuantityDto,
  ClaimStatementDto,
} from '../shared/request-fields';

/** The claim's own source corrects its figure: a new claim supersedes the old one, which stays in history. */
export class ReviseClaimRequest extends ClaimStatementDto {
  /** The id of the superseding claim; generated (a UUID) when absent. */
  @Optional() @IsSlug() newClaimId?: string;
  @IsNested(() => QuantityDto) quantity!: QuantityDto;
  @IsText() reason!: string;
  @Optional() @IsSlug() disputeId?: string;
  /** The source that reported the revision (a relay, an affiliate, a news agency) when not the claim's own source. */
  @Optional() @IsSlug() reportedBy?: string;
}
