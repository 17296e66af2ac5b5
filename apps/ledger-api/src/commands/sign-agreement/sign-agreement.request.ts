import { RECIPROCITIES, type Reciprocity, TERM_KINDS, type TermKind } from '@ledger/domain';
import {
  IsCount,
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

/** One releasing party's own bound: "up to 50 released by north". */
export class PartyAgreedQuantityDto extends QuantityDto {
  @IsSlug() party!: string;
}

/** "party releases `releases` for each `receives` the counterparty releases to it" (3 for 1). */
export class AgreedRatioDto {
  @IsSlug() party!: string;
  @IsCount() releases!: number;
  @IsSlug() counterparty!: string;
  @IsCount() receives!: number;
}

export class TermDto {
  @IsSlug() termId!: string;
  @IsOneOf(TERM_KINDS) kind!: TermKind;
  @IsText() description!: string;
  @Optional() @IsNested(() => AgreedQuantityDto) agreedQuantity?: AgreedQuantityDto;
  /** A bound per releasing party, each with its own precision (not with agreedQuantity). */
  @Optional()
  @IsList(1, 50)
  @IsNested(() => PartyAgreedQuantityDto)
  agreedPerParty?: PartyAgreedQuantityDto[];
  @Optional() @IsNested(() => AgreedRatioDto) agreedRatio?: AgreedRatioDto;
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
