import Ajv, { type ValidateFunction } from 'ajv';
import type { JsonSchema } from '../schema-catalogue';

/**
 * Ajv (draft-07, strict) with the one format the schemas use. What a consumer of the published
 * schemas would run; the tests use it to hold produced events to their schemas.
 */
export function schemaValidator(): {
  compile(schema: JsonSchema): ValidateFunction;
  errorsText(validate: ValidateFunction): string;
} {
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s)),
  });
  return {
    compile: (schema) => ajv.compile(schema),
    errorsText: (validate) => ajv.errorsText(validate.errors),
  };
}
