import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { requesterOf } from '../auth/requester';
import { CORRELATION_ID } from '../commands/shared/command-context';
import { requestContext } from './logger';

/**
 * One line per request answered: method, route (the pattern, not the URL: no ids or query
 * values), status, duration, the key's id (never its secret: only what the access guard
 * authenticated) and the correlation id, which every other line the request causes carries too:
 * the client's X-Correlation-Id when it is a valid one, else one made here.
 */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  // Also kept by request: onResponse runs on the socket's 'finish', outside the request's context.
  const correlationIds = new WeakMap<object, string>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    const given = request.headers['x-correlation-id'];
    const correlationId =
      typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    correlationIds.set(request, correlationId);
    // Run the rest of the request in this context: hooks, guards, handlers and what they await.
    requestContext.run({ correlationId }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const keyId = requesterOf(request)?.keyId;
    logger.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? null,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        ...(keyId === undefined ? {} : { keyId }),
        correlationId: correlationIds.get(request),
      },
      'request',
    );
    done();
  });
}
