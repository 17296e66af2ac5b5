import {
  IsInstant,
  IsNested,
  IsOneOf,
  IsSlug,
  IsText,
  Optional,
  QuantityDto,
  SourcedClaimStatementDto,
} from '../shared/request-fields';

export class DirectionDto {
  @IsSlug() from!: string;
  @IsSlug() to!: string;
}

/**
 * { kind: 'phase', phase: 'final' }, { kind: 'cumulative', period?: 'past week' }, or
 * { kind: 'exchange' }: the whole exchange across both directions between the direction's parties.
 */
export class ScopeDto {
  @IsOneOf(['phase', 'cumulative', 'exchange']) kind!: 'phase' | 'cumulative' | 'exchange';
  @Optional() @IsText(200) phase?: string;
  @Optional() @IsText(200) period?: string;
}

/** When the transfer happened: a day or an instant for each end, at least one of them. */
export class OccurrenceDto {
  @Optional() @IsInstant() from?: string;
  @Optional() @IsInstant() to?: string;
}

export class ReportTransferRequest extends SourcedClaimStatementDto {
  /** Generated (a UUID) when absent. */
  @Optional() @IsSlug() claimId?: string;
  @IsSlug() termId!: string;
  @IsNested(() => DirectionDto) direction!: DirectionDto;
  /** What is counted, e.g. 'bodies'. */
  @IsSlug() measure!: string;
  @IsNested(() => QuantityDto) quantity!: QuantityDto;
  @IsNested(() => ScopeDto) scope!: ScopeDto;
  @Optional() @IsNested(() => OccurrenceDto) occurredAt?: OccurrenceDto;
  /** The id of the dispute this claim may open; defaults to 'dispute-<claimId>'. */
  @Optional() @IsSlug() disputeId?: string;
  /**
   * The period before the agreement was signed that the figure is about (free text, e.g. "the
   * exchanges since February 2022"); required when it was stated or happened before the signing.
   */
  @Optional() @IsText(200) priorPeriod?: string;
}
