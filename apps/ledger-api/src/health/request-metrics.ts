import type { FastifyInstance } from 'fastify';
import type { LedgerMetrics } from './metrics';

/** The route whose answer time is the verification's duration. */
const VERIFY_ROUTE = '/audit/verify';

/**
 * Counts every command (a POST route) by its outcome and times GET /audit/verify, from the
 * answers as sent: one place sees every route, whichever controller answered.
 */
export function observeRequests(fastify: FastifyInstance, metrics: LedgerMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    if (route !== undefined && request.method === 'POST') {
      metrics.countCommand(
        route,
        reply.statusCode,
        reply.getHeader('idempotent-replayed') === 'true',
      );
    } else if (route === VERIFY_ROUTE && request.method === 'GET' && reply.statusCode < 500) {
      metrics.verifySeconds.observe(reply.elapsedTime / 1000);
    }
    done();
  });
}
