import { DirectionDto, ScopeDto } from '../report-transfer/report-transfer.request';
import { IsList, IsNested, IsSlug, IsText, Optional } from '../shared/request-fields';

/** Labels that name one phase or one period of running totals of a term, direction and measure. */
export class LinkScopesRequest {
  /** Generated (a UUID) when absent. */
  @Optional() @IsSlug() scopeLinkId?: string;
  @IsSlug() termId!: string;
  @IsNested(() => DirectionDto) direction!: DirectionDto;
  @IsSlug() measure!: string;
  /** Two or more scopes of one kind; the first (or the group it is already in) names the quantity. */
  @IsList(2, 20) @IsNested(() => ScopeDto) scopes!: ScopeDto[];
  /** Why the labels name one phase or period: the recorder's finding. */
  @IsText() reason!: string;
  /** The id of the dispute the link may open; defaults to 'dispute-<scopeLinkId>'. */
  @Optional() @IsSlug() disputeId?: string;
}
