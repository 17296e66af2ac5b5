import { IsBoolean } from 'class-validator';
import {
  IsNested,
  IsSlug,
  Optional,
  QuantityDto,
  SourcedStatementDto,
} from '../shared/request-fields';

export class MakeOfferRequest extends SourcedStatementDto {
  /** Generated (a UUID) when absent. */
  @Optional() @IsSlug() offerId?: string;
  /** The agreement the offer relates to, also when it goes beyond it. */
  @Optional() @IsSlug() agreementId?: string;
  @IsSlug() by!: string;
  @IsSlug() to!: string;
  @IsSlug() measure!: string;
  @IsNested(() => QuantityDto) quantity!: QuantityDto;
  @IsBoolean() beyondAgreement!: boolean;
}
