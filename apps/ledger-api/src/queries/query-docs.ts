import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';

/** The OpenAPI description every read shares: what it answers, and its error answers (problem+json). */
export function QueryDocs(
  summary: string,
  description: string,
  options: { readonly notFound?: string } = {},
): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary, description }),
    ApiOkResponse({
      description: 'The answer, with asOfPosition: the global position it reflects.',
    }),
    ApiBadRequestResponse({
      description: 'A parameter is not valid (problem+json, code validation_failed).',
    }),
    ApiServiceUnavailableResponse({
      description:
        'The read models did not reach minPosition (or asOfPosition) within the bounded wait; retry after Retry-After seconds.',
    }),
    ...(options.notFound ? [ApiNotFoundResponse({ description: options.notFound })] : []),
  );
}

export const AS_OF_NOTE =
  'Takes asOfPosition or asOf (what the ledger held then, answered from versioned rows, without replay) and minPosition (read your writes).';
