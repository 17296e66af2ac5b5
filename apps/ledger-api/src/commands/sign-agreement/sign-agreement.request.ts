import { RECIPROCITIES, type Reciprocity, TERM_KINDS, type TermKind } from '@ledger/domain';
import {
  IsDay,
  IsList,
  IsNested,
  IsOneOf,
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
  @IsOneOf(['total', 'per_party']) basis!: 'total' | 'per_party';
  /** With basis per_party: the one party the figure is for; absent: the same figure for each. */
  @Optional() @IsSlug() party?: string;
}

export class TermDto {
  @IsSlug() termId!: string;
  @IsOneOf(TERM_KINDS) kind!: TermKind;
  @IsText() description!: string;
  @Optional() @IsNested(() => AgreedQuantityDto) agreedQuantity?: AgreedQuantityDto;
  @IsOneOf(RECIPROCITIES) reciprocity!: Reciprocity;
}

export class SignAgreementRequest {
  /** Generated (a UUID) when absent. */
  @Optional() @IsSlug() agreementId?: string;
  @IsText(MAX_NAME) title!: string;
  @IsText(MAX_NAME) venue!: string;
  @IsDay() signedOn!: string;
  @IsList(2, 50) @IsNested(() => PartyDto) parties!: PartyDto[];
  /** Defaults to none. */
  @Optional() @IsList(0, 50) @IsNested(() => PartyDto) mediators?: PartyDto[];
  @IsList(1, 100) @IsNested(() => TermDto) terms!: TermDto[];
}
