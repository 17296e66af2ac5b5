import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn } from 'class-validator';
import { RECIPROCITIES, type Reciprocity, TERM_KINDS, type TermKind } from '@ledger/domain';
import {
  IsDay,
  IsNested,
  IsSlug,
  IsText,
  MAX_NAME,
  Optional,
  QuantityDto,
} from '../shared/request-fields';

export class PartyDto {
  @IsSlug() id!: string;
  @IsText(MAX_NAME) name!: string;
}

export class AgreedQuantityDto extends QuantityDto {
  @IsIn(['total', 'per_party']) basis!: 'total' | 'per_party';
  /** With basis per_party: the one party the figure is for; absent: the same figure for each. */
  @Optional() @IsSlug() party?: string;
}

export class TermDto {
  @IsSlug() termId!: string;
  @IsIn(TERM_KINDS) kind!: TermKind;
  @IsText() description!: string;
  @Optional() @IsNested(() => AgreedQuantityDto) agreedQuantity?: AgreedQuantityDto;
  @IsIn(RECIPROCITIES) reciprocity!: Reciprocity;
}

export class SignAgreementRequest {
  /** Generated (a UUID) when absent. */
  @Optional() @IsSlug() agreementId?: string;
  @IsText(MAX_NAME) title!: string;
  @IsText(MAX_NAME) venue!: string;
  @IsDay() signedOn!: string;
  @IsArray() @ArrayMinSize(2) @ArrayMaxSize(50) @IsNested(() => PartyDto) parties!: PartyDto[];
  /** Defaults to none. */
  @Optional() @IsArray() @ArrayMaxSize(50) @IsNested(() => PartyDto) mediators?: PartyDto[];
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsNested(() => TermDto) terms!: TermDto[];
}
