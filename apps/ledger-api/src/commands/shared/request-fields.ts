import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
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
import { PRECISIONS, type Precision } from '@ledger/domain';

/**
 * Building blocks of the request DTOs. They check shapes (types, lengths, enums, formats); the
 * domain checks meaning again, because it is the last line before history.
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
  return applyDecorators(IsString(options), Matches(SLUG, { ...options, message: SLUG_MESSAGE }));
}

/**
 * Optional, but never null: class-validator's IsOptional also lets null through, and a JSON null
 * where a value is expected is a client mistake worth a 400.
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

export function IsText(max: number = MAX_TEXT): PropertyDecorator {
  return applyDecorators(IsString(), IsNotEmpty(), MaxLength(max));
}

/** A calendar day, 'YYYY-MM-DD'. */
export function IsDay(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' }),
    IsISO8601({ strict: true }),
  );
}

/** An ISO-8601 instant or date; the domain then insists on a time zone where it needs an instant. */
export function IsInstant(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MaxLength(40),
    IsISO8601({ strict: true, strictSeparator: true }),
  );
}

export function IsCount(): PropertyDecorator {
  return applyDecorators(IsInt(), Min(0), Max(Number.MAX_SAFE_INTEGER));
}

export function IsLink(): PropertyDecorator {
  return applyDecorators(
    IsString(),
    MaxLength(MAX_LINK),
    IsUrl({ protocols: ['http', 'https'], require_protocol: true }),
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
    )(target, property);
  };
}

export class QuantityDto {
  @IsCount() value!: number;
  @IsIn(PRECISIONS) precision!: Precision;
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
