import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from './problem';

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

/** Whitelisting, unknown fields rejected, payloads transformed into their DTO classes. */
export function ledgerValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblem(flatten(errors)),
  });
}
