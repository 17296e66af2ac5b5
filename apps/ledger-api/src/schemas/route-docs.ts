import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';

export interface SuccessDoc {
  readonly status?: number;
  readonly description: string;
  /** The media type; application/json by default. */
  readonly type?: string;
  readonly schema: object;
}

/**
 * The OpenAPI description of a route that is neither a command nor a read-model query: its
 * summary, its success answer and the problems of its own (those every keyed route shares are
 * added by completeDocument; a problem's content is the Problem schema).
 */
export function RouteDocs(
  summary: string,
  success: SuccessDoc,
  problems: Readonly<Record<number, string>> = {},
): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary }),
    ApiResponse({
      status: success.status ?? 200,
      description: success.description,
      content: { [success.type ?? 'application/json']: { schema: success.schema } },
    }),
    ...Object.entries(problems).map(([status, description]) =>
      ApiResponse({ status: Number(status), description }),
    ),
  );
}

/** A body that is text of some media type (a page, a key, a stream of frames). */
export const TEXT = { type: 'string' } as const;
