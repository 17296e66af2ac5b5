import { IsNested, IsText, QuantityDto, SourcedStatementDto } from '../shared/request-fields';

export class ReviseOfferRequest extends SourcedStatementDto {
  @IsNested(() => QuantityDto) quantity!: QuantityDto;
  @IsText() reason!: string;
}
