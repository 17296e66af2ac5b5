import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import {
  PRECISIONS,
  type Precision,
  STATEMENT_PRECISIONS,
  type StatementPrecision,
} from '@ledger/domain';

/**
 * Building blocks of the request DTOs. They check shapes (types, lengths, enums, formats); the
 * domain checks meaning again, because it is the last line before history. Each also states its
 * rule in the OpenAPI schema (ApiProperty merges what several decorators say of one field), so
 * the published request schemas are the rules the API applies, from one place.
 */

/** Ids of things the API creates, and ids the bodies and paths refer to. */
export const SLUG = /^[a-z0-9][a-z0-9-_.]{0,79}$/;
const SLUG_MESSAGE =
  '$property must be 1-80 lower-case letters, digits, "-", "_" or "." starting with a letter or digit';

export const MAX_TEXT = 10_000;
export const MAX_NAME = 500;
export const MAX_LINK = 2_048;

/** `{ each: true }` checks every element of an array. */
export function IsSlug(options: Pick<ValidationOptions, 'each'> = {}): PropertyDecorator {
  const slug = { type: 'string', pattern: SLUG.source } as const;
  return applyDecorators(
    IsString(options),
    Matches(SLUG, { ...options, message: SLUG_MESSAGE }),
    options.each ? ApiProperty({ type: 'array', items: slug }) : ApiProperty(slug),
  );
}

/** One of a fixed list of values. */
export function IsOneOf(values: readonly string[]): PropertyDecorator {
  return applyDecorators(IsIn(values), ApiProperty({ type: 'string', enum: [...values] }));
}

/** A list of `min` to `max` elements (what each element is, another decorator says). */
export function IsList(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ...(min > 0 ? [ArrayMinSize(min)] : []),
    ArrayMaxSize(max),
    ApiProperty({ minItems: min, maxItems: max }),
  );
}

/**
 * Optional, but never null: class-validator's IsOptional also lets null through, and a JSON null
 * where a value is expected is a client mistake worth a 400.
 */
export function Optional(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    ApiProperty({ required: false }),
  );
}

export function IsText(max: number = MAX_TEXT): PropertyDecorator {
  return applyDecorators(
    IsString(),
    IsNotEmpty(),
    MaxLength(max),
    ApiProperty({ type: 'string', minLength: 1, maxLength: max }),
  );
}

/** A calendar day, 'YYYY-MM-DD'. */
export function IsDay(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' }),
    IsISO8601({ strict: true }),
    ApiProperty({ type: 'string', format: 'date', example: '2025-06-02' }),
  );
}

/** An ISO-8601 instant or date; the domain then insists on a time zone where it needs an instant. */
export function IsInstant(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MaxLength(40),
    IsISO8601({ strict: true, strictSeparator: true }),
    ApiProperty({
      type: 'string',
      maxLength: 40,
      description: 'ISO-8601: an instant with its zone, or a day.',
      example: '2025-06-17T14:00:00Z',
    }),
  );
}

export function IsCount(): PropertyDecorator {
  return applyDecorators(
    IsInt(),
    Min(0),
    Max(Number.MAX_SAFE_INTEGER),
    ApiProperty({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  );
}

export function IsLink(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MaxLength(MAX_LINK),
    IsUrl({ protocols: ['http', 'https'], require_protocol: true }),
    ApiProperty({ type: 'string', format: 'uri', maxLength: MAX_LINK }),
  );
}

/**
 * A nested object (or, for a field declared as an array, each element) validated by its own class;
 * required unless marked Optional(). A field declared as one object must be an object: given an
 * array, ValidateNested would check each element (none, for `[]`) and let it through.
 */
export function IsNested(type: () => new () => object): PropertyDecorator {
  return (target, property) => {
    // Decorator metadata is applied before the decorators a property lists, so it is readable here.
    const declaredArray = Reflect.getMetadata('design:type', target, property) === Array;
    applyDecorators(
      IsDefined(),
      ...(declaredArray ? [] : [IsObject()]),
      ValidateNested(),
      Type(type),
      // Swagger resolves a lazy type only when the function is named `type` (a property's arrow).
      ApiProperty({ type: () => type(), isArray: declaredArray }),
    )(target, property);
  };
}

export class QuantityDto {
  @IsCount() value!: number;
  @IsOneOf(PRECISIONS) precision!: Precision;
  @Optional() @IsCount() lower?: number;
  @Optional() @IsCount() upper?: number;
}

/** A statement: when it was made, its words and where they were published. */
export class StatementDto {
  @IsInstant() statedAt!: string;
  @Optional() @IsText() quote?: string;
  @Optional() @IsLink() link?: string;
}

/** A statement by a registered source. */
export class SourcedStatementDto extends StatementDto {
  @IsSlug() sourceId!: string;
}

/**
 * A claim's statement: an instant, or a day 'YYYY-MM-DD' (precision 'day'); `statedAtPrecision:
 * 'approximate'` makes either "around" it (docs/DOMAIN-RULES.md, Dates).
 */
export class ClaimStatementDto extends StatementDto {
  @Optional() @IsOneOf(STATEMENT_PRECISIONS) statedAtPrecision?: StatementPrecision;
}

/** A claim's statement by a registered source. */
export class SourcedClaimStatementDto extends ClaimStatementDto {
  @IsSlug() sourceId!: string;
}
