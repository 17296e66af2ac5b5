import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { MAX_READ_MODEL_POSITION, positionFromText } from '@ledger/projections';

/**
 * The query-string parameters every read takes. Positions are decimal strings (they are 64-bit);
 * times are ISO-8601 instants with a zone.
 */

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

const Optional = (): PropertyDecorator =>
  ValidateIf((_o: object, value: unknown) => value !== undefined);

function IsPosition(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    ValidateBy({
      name: 'isPosition',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && positionFromText(value) !== undefined,
        defaultMessage: () =>
          `$property must be a global position (an integer from 0 to ${MAX_READ_MODEL_POSITION})`,
      },
    }),
  );
}

/**
 * A page size as plain decimal digits: Number() alone would also take '1e1', '0x10', ' 5' or
 * '' (as 0), which are not what a client means by a count.
 */
const pageSize = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value;

function IsZonedInstant(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MaxLength(40),
    IsISO8601({ strict: true, strictSeparator: true }),
    Matches(/T.*(Z|[+-]\d{2}:\d{2})$/, {
      message: '$property must be an ISO-8601 instant with a time zone, e.g. 2025-06-17T14:00:00Z',
    }),
  );
}

function IsFilter(): PropertyDecorator {
  return applyDecorators(IsString(), MaxLength(400));
}

/** As of when, and read-your-writes. */
export class AsOfQuery {
  @ApiPropertyOptional({
    description: 'Answer as the ledger stood once the event at this global position was recorded.',
    example: '10',
  })
  @Optional()
  @IsPosition()
  asOfPosition?: string;

  @ApiPropertyOptional({
    description:
      'Answer as the ledger stood at this recording time (what it held then). Not with asOfPosition.',
    example: '2025-06-18T08:10:30Z',
  })
  @Optional()
  @IsZonedInstant()
  asOf?: string;

  @ApiPropertyOptional({
    description:
      'Read your writes: the position a command answered with. The query waits (bounded) until the read models hold it, else answers 503 with Retry-After.',
    example: '21',
  })
  @Optional()
  @IsPosition()
  minPosition?: string;
}

export class PageQuery extends AsOfQuery {
  @ApiPropertyOptional({
    description: `Items per page (1-${MAX_PAGE_SIZE}).`,
    default: DEFAULT_PAGE_SIZE,
  })
  @Optional()
  @Transform(pageSize)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({
    description: 'nextCursor of the previous page; the next page answers for the same position.',
  })
  @Optional()
  @IsString()
  @MaxLength(1000)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a nextCursor this API issued' })
  cursor?: string;
}

/** Statement time and occurrence time, apart from recording time. */
export class ClaimTimesQuery extends AsOfQuery {
  @ApiPropertyOptional({
    description: 'Only what had been claimed (stated) before this instant.',
    example: '2025-06-17T10:00:00Z',
  })
  @Optional()
  @IsZonedInstant()
  claimedBefore?: string;

  @ApiPropertyOptional({
    description:
      'Only figures about what was over before this instant: the whole occurrence period (its `to` end, else its `from` end; a day lasts until its UTC midnight) ends before it. A period still running then is left out, not counted as if it were over; claims with no occurrence date are left out.',
  })
  @Optional()
  @IsZonedInstant()
  occurredBefore?: string;
}

export class ClaimsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only what had been claimed (stated) before this instant.' })
  @Optional()
  @IsZonedInstant()
  claimedBefore?: string;

  @ApiPropertyOptional({
    description:
      'Only claims about what was over before this instant (the whole occurrence period ends before it, as for totals); claims with no occurrence date are left out.',
  })
  @Optional()
  @IsZonedInstant()
  occurredBefore?: string;

  @ApiPropertyOptional() @Optional() @IsFilter() agreementId?: string;
  @ApiPropertyOptional({ enum: ['transfer', 'completion', 'characterization'] })
  @Optional()
  @IsIn(['transfer', 'completion', 'characterization'])
  kind?: string;
  @ApiPropertyOptional({ enum: ['live', 'superseded', 'retracted'] })
  @Optional()
  @IsIn(['live', 'superseded', 'retracted'])
  status?: string;
  @ApiPropertyOptional() @Optional() @IsFilter() termId?: string;
  @ApiPropertyOptional({
    description: "e.g. 'istanbul-2025/repatriation/russia->ukraine/bodies/phase:final'",
  })
  @Optional()
  @IsFilter()
  quantityKey?: string;
}

export class AllClaimsQuery extends ClaimsQuery {
  @ApiPropertyOptional() @Optional() @IsFilter() sourceId?: string;
}

export class DiscrepanciesQuery extends PageQuery {
  @ApiPropertyOptional() @Optional() @IsFilter() agreementId?: string;
  @ApiPropertyOptional({ enum: ['figure', 'totals'] })
  @Optional()
  @IsIn(['figure', 'totals'])
  kind?: string;
  @ApiPropertyOptional({
    enum: ['open', 'acknowledged', 'explained', 'unaddressed', 'resolved', 'not_comparable'],
  })
  @Optional()
  @IsIn(['open', 'acknowledged', 'explained', 'unaddressed', 'resolved', 'not_comparable'])
  status?: string;

  @ApiPropertyOptional({
    description:
      'true: not resolved yet (open, acknowledged, explained, unaddressed); false: resolved or withdrawn.',
    enum: ['true', 'false'],
  })
  @Optional()
  @IsIn(['true', 'false'])
  open?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Only discrepancies naming this claim.' })
  @Optional()
  @IsFilter()
  claimId?: string;
  @ApiPropertyOptional({
    description: 'The quantity key (figures) or reconciliation key (totals).',
  })
  @Optional()
  @IsFilter()
  subjectKey?: string;
}

export class SourcesQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ['party_authority', 'party_official', 'neutral_intermediary', 'news_agency', 'media'],
  })
  @Optional()
  @IsIn(['party_authority', 'party_official', 'neutral_intermediary', 'news_agency', 'media'])
  kind?: string;

  @ApiPropertyOptional({ description: 'The party the source speaks for, e.g. ukraine.' })
  @Optional()
  @IsFilter()
  affiliation?: string;
}

export class OffersQuery extends PageQuery {
  @ApiPropertyOptional() @Optional() @IsFilter() agreementId?: string;
  @ApiPropertyOptional({ enum: ['pending', 'accepted', 'declined', 'countered'] })
  @Optional()
  @IsIn(['pending', 'accepted', 'declined', 'countered'])
  status?: string;
  @ApiPropertyOptional({ description: 'The party that made the offer.' })
  @Optional()
  @IsFilter()
  by?: string;
  @ApiPropertyOptional({ description: 'The party it was made to.' })
  @Optional()
  @IsFilter()
  to?: string;
}

const SCOPE_NOTE =
  'The agreement holding the id. Ids are unique across the ledger; only a log written by other means can hold one id in two agreements, and then the lookup answers 409 ambiguous_id naming them unless this is given.';

/** One claim or discrepancy by id, optionally in one agreement. */
export class IdLookupQuery extends AsOfQuery {
  @ApiPropertyOptional({ description: SCOPE_NOTE }) @Optional() @IsFilter() agreementId?: string;
}

/** A claim's audit trail by id, optionally in one agreement. */
export class IdTrailQuery extends PageQuery {
  @ApiPropertyOptional({ description: SCOPE_NOTE }) @Optional() @IsFilter() agreementId?: string;
}
