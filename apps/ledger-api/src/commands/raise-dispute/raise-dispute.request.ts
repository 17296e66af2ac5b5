import { IsList, IsSlug, IsText, Optional } from '../shared/request-fields';

export class RaiseDisputeRequest {
  /** Generated (a UUID) when absent. */
  @Optional() @IsSlug() disputeId?: string;
  @IsList(1, 100) @IsSlug({ each: true }) claimIds!: string[];
  @IsText() reason!: string;
}
