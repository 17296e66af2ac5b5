import {
  IsSlug,
  IsText,
  MAX_NAME,
  Optional,
  SourcedClaimStatementDto,
} from '../shared/request-fields';

export class ClaimCharacterizationRequest extends SourcedClaimStatementDto {
  /** Generated (a UUID) when absent. */
  @Optional() @IsSlug() claimId?: string;
  /** The term characterised; absent when the framing is about the agreement as a whole. */
  @Optional() @IsSlug() termId?: string;
  /** What is framed, in the source's words, e.g. 'reciprocity'; matched by its framing key. */
  @IsText(MAX_NAME) property!: string;
  /** The framing in the source's own words, e.g. 'a mutual exchange'; matched by its framing key. */
  @IsText() value!: string;
}
