import { applyDecorators } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtension, ApiHeader, ApiOperation } from '@nestjs/swagger';
import { answerSchema, X_COMMAND } from '../../schemas/openapi-document';

/**
 * The OpenAPI description every command shares: its answer, the headers it reads, and (through
 * x-command, expanded by completeDocument) the problem answers any command may give.
 */
export function CommandDocs(summary: string, description: string): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary, description }),
    ApiExtension(X_COMMAND, true),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        '1-200 visible ASCII characters. A retry with the same key and body answers the first answer (header Idempotent-Replayed: true) and appends nothing.',
    }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description:
        '1-128 letters, digits or . _ : @ ~ -; recorded in the events, generated when absent.',
    }),
    ApiCreatedResponse({
      description:
        'Recorded: the ids the command named or generated, the events written, the stream revision and the global position (64-bit numbers as decimal strings). The same answer for an idempotent replay.',
      schema: answerSchema('CommandAnswer'),
    }),
  );
}
