import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { IsSlug, IsText, Optional } from '../shared/request-fields';

export class RaiseDisputeRequest {
  /** Generated (a UUID) when absent. */
  @Optional() @IsSlug() disputeId?: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsSlug({ each: true }) claimIds!: string[];
  @IsText() reason!: string;
}
