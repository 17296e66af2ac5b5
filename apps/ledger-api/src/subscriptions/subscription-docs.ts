import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiQuery } from '@nestjs/swagger';
import { SSE_QUERY } from '@ledger/ledger-client';
import { RouteDocs, TEXT } from '../schemas/route-docs';

/**
 * The OpenAPI description of a subscription route. The frames themselves (event types, payload
 * schemas, control events) are described by the AsyncAPI document at /asyncapi.json.
 */
export function SubscriptionDocs(summary: string): MethodDecorator {
  return applyDecorators(
    RouteDocs(
      summary,
      {
        description:
          'A text/event-stream: one frame per event (id: the global position, event: the type, data: the envelope), then live; see /asyncapi.json.',
        type: 'text/event-stream',
        schema: TEXT,
      },
      {
        400: 'A bad position, filter, stream name or category (`validation_failed`); retrying cannot help.',
        503: 'The event store is unavailable; retry after Retry-After seconds.',
      },
    ),
    ApiQuery({
      name: SSE_QUERY.from,
      required: false,
      description:
        "The last global position already held (exclusive), 'start' (default) or 'end'. The Last-Event-ID header wins over it.",
      schema: { type: 'string', pattern: '^(start|end|0|[1-9][0-9]{0,19})$' },
    }),
    ApiQuery({
      name: SSE_QUERY.types,
      required: false,
      description: 'Comma-separated event types to deliver.',
      schema: { type: 'string' },
    }),
    ApiQuery({
      name: SSE_QUERY.categories,
      required: false,
      description: 'Comma-separated categories to deliver (/subscriptions/all only).',
      schema: { type: 'string' },
    }),
    ApiHeader({
      name: 'Last-Event-ID',
      required: false,
      description: 'Sent by EventSource on reconnection: the last id received.',
    }),
  );
}
