import type { FastifyInstance } from 'fastify';
import { keepTag } from './query-etags';

/** Answers the cache of listings hands to more than one request. */
const shared = new WeakSet<object>();
/** Their JSON, once serialised: an answer is never changed once shared. */
const bodies = new WeakMap<object, string>();

/** Marks an answer that later requests will send again, so its JSON and tag are made once. */
export function shareAnswer(answer: unknown): void {
  if (typeof answer === 'object' && answer !== null) shared.add(answer);
}

function serialize(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null || !shared.has(payload))
    return JSON.stringify(payload);
  let body = bodies.get(payload);
  if (body === undefined) {
    body = JSON.stringify(payload);
    bodies.set(payload, body);
  }
  keepTag(body);
  return body;
}

/**
 * Fastify's serialiser for every route, as Fastify's own (JSON.stringify: no route declares a
 * response schema), except that an answer shared by the cache of listings is serialised once
 * and its entity tag computed once: a hit then costs no JSON and no hash.
 */
export function useSharedAnswers(fastify: FastifyInstance): void {
  fastify.setReplySerializer(serialize);
}
