import { IsList, IsNested, IsSlug, IsText, Optional, QuantityDto } from '../shared/request-fields';
import { DirectionDto, OccurrenceDto, ScopeDto } from '../report-transfer/report-transfer.request';

/**
 * A figure the desk inferred itself (no source stated it): the figure as a transfer report has it,
 * why it was inferred, and the claims it was inferred from. Who inferred it is the API key's name.
 */
export class RecordInferenceRequest {
  /** Generated (a UUID) when absent; an id no claim has. */
  @Optional() @IsSlug() inferenceId?: string;
  @IsSlug() termId!: string;
  @IsNested(() => DirectionDto) direction!: DirectionDto;
  @IsSlug() measure!: string;
  @IsNested(() => QuantityDto) quantity!: QuantityDto;
  @IsNested(() => ScopeDto) scope!: ScopeDto;
  @Optional() @IsNested(() => OccurrenceDto) occurredAt?: OccurrenceDto;
  /** How the figure was inferred, e.g. "sum of the three phases each side reported". */
  @IsText() reason!: string;
  /** The claims of this agreement it was inferred from. */
  @IsList(1, 100) @IsSlug({ each: true }) derivedFrom!: string[];
}
