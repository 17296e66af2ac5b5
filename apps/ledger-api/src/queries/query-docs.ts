import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';
import type { AnswerName } from '../schemas/api-answers';
import { answerSchema } from '../schemas/openapi-document';

/** The OpenAPI description every read shares: what it answers, and its error answers (problem+json). */
export function QueryDocs(
  answer: AnswerName,
  summary: string,
  description: string,
  options: { readonly notFound?: string } = {},
): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary, description }),
    ApiOkResponse({
      description: 'The answer, with asOfPosition: the global position it reflects.',
      schema: answerSchema(answer),
    }),
    ApiBadRequestResponse({
      description: 'A parameter is not valid (`validation_failed`, field errors in `errors`).',
    }),
    ApiServiceUnavailableResponse({
      description:
        'The read models did not reach minPosition (or asOfPosition) within the bounded wait, or the read models are unavailable; retry after Retry-After seconds.',
    }),
    ...(options.notFound ? [ApiNotFoundResponse({ description: options.notFound })] : []),
  );
}

export const AS_OF_NOTE =
  'Takes asOfPosition or asOf (what the ledger held then, answered from versioned rows, without replay) and minPosition (read your writes).';
