import { IsInstant, IsText, Optional } from '../shared/request-fields';

export class RetractClaimRequest {
  @IsText() reason!: string;
  @Optional() @IsInstant() statedAt?: string;
}
