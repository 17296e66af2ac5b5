import type { FastifyInstance } from 'fastify';
import { CommandOutcome } from './command-answer';

/**
 * Turns a handler's CommandOutcome into the response: the answer as the body, the correlation id
 * echoed, and `Idempotent-Replayed: true` when the answer is an earlier attempt's.
 *
 * A Fastify preSerialization hook rather than a Nest interceptor: an interceptor wraps every
 * request of every route in rxjs observables and two AsyncResource.bind calls (each defining
 * util.deprecate'd accessors on Node 20); this hook is one instanceof check on what a route sends.
 */
export function useCommandOutcomes(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (_request, reply, payload, done) => {
    if (!(payload instanceof CommandOutcome)) return done(null, payload);
    void reply.header('x-correlation-id', payload.correlationId);
    if (payload.replayed) void reply.header('idempotent-replayed', 'true');
    done(null, payload.answer);
  });
}
