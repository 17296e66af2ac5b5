import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StreamCategory } from '@ledger/domain';
import { requesterOf, Roles } from '../auth';
import { SubscriptionDocs } from './subscription-docs';
import { SseConnections, STREAM_ROLES } from './sse-connections';
import { SSE_HEADERS } from './sse-response';
import {
  parseSubscriptionRequest,
  type Query as QueryParams,
  type SubscriptionTarget,
} from './subscription-request';

/**
 * Server-sent events for other services: the whole log, one stream, or one category, from any
 * position, for keys with the subscriber role. Bad requests are refused (400 problem+json) before
 * the stream opens.
 */
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly connections: SseConnections) {}

  @Get('all')
  @Roles(...STREAM_ROLES)
  @SubscriptionDocs('Every event of the ledger, in global order (SSE)')
  all(
    @Query() query: QueryParams,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.stream({ kind: 'all' }, query, request, reply);
  }

  @Get('streams/:stream')
  @Roles(...STREAM_ROLES)
  @SubscriptionDocs('The events of one stream (SSE)')
  oneStream(
    @Param('stream') stream: string,
    @Query() query: QueryParams,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.stream({ kind: 'stream', stream }, query, request, reply);
  }

  @Get('categories/:category')
  @Roles(...STREAM_ROLES)
  @SubscriptionDocs('The events of every stream of one category, in global order (SSE)')
  category(
    @Param('category') category: string,
    @Query() query: QueryParams,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Checked by the parser, which refuses an unknown category with a 400.
    return this.stream(
      { kind: 'category', category: category as StreamCategory },
      query,
      request,
      reply,
    );
  }

  private stream(
    target: SubscriptionTarget,
    query: QueryParams,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const lastEventId = request.headers['last-event-id'];
    const parsed = parseSubscriptionRequest(
      target,
      query,
      Array.isArray(lastEventId) ? lastEventId.join(',') : lastEventId,
    );
    // Fastify answers HEAD with the GET route: a stream that never ends would leave it hanging.
    if (request.method === 'HEAD') {
      void reply.status(200).headers(SSE_HEADERS).send();
      return Promise.resolve();
    }
    // Set by the access guard, which admitted this key to the route.
    const requester = requesterOf(request);
    if (requester === undefined) throw new Error('a subscription route ran without a requester');
    return this.connections.open(parsed, reply, requester);
  }
}
