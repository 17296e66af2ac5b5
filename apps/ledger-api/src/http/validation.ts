import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from './problem';
import { compileValidationMetadata } from './validation-metadata';

/** A request body or query that failed class-validator; carries field-level messages. */
export class ValidationProblem extends Error {
  constructor(readonly errors: readonly FieldError[]) {
    super('validation failed');
    this.name = 'ValidationProblem';
  }
}

function flatten(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    // Array elements read as the domain writes them: terms[0].kind.
    const field = /^\d+$/.test(e.property)
      ? `${prefix}[${e.property}]`
      : prefix
        ? `${prefix}.${e.property}`
        : e.property;
    const own: FieldError[] = e.constraints
      ? [{ field, messages: Object.values(e.constraints) }]
      : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Whitelisting, unknown fields rejected, payloads transformed into their DTO classes. A body that
 * is valid JSON but not an object (an array, a string, null) is refused as such, rather than
 * validated as an empty object and reported as missing fields.
 */
class LedgerValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (metadata.type === 'body' && !isObject) {
      throw new ValidationProblem([
        { field: 'body', messages: ['the body must be a JSON object'] },
      ]);
    }
    return super.transform(value, metadata);
  }
}

export function ledgerValidationPipe(): ValidationPipe {
  compileValidationMetadata();
  return new LedgerValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblem(flatten(errors)),
  });
}
