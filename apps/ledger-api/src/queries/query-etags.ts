import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { LruMap } from '@ledger/event-store';

/** The first path segment of every read-model query route (the GET routes of this folder's controllers). */
const QUERY_ROOTS = new Set(['agreements', 'claims', 'discrepancies', 'sources', 'offers']);

const isQueryRoute = (url: string | undefined): boolean =>
  url !== undefined && QUERY_ROOTS.has(url.split('/')[1] ?? '');

/** A strong entity tag of the exact bytes of an answer. */
export function entityTag(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Tags of bodies sent again and again (shared answers, see shared-answers.ts), by the body. */
const keptTags = new LruMap<string, string>(1_000);

/** Keeps the tag of a body that will be sent again, so that it is hashed once. */
export function keepTag(body: string): void {
  if (keptTags.get(body) === undefined) keptTags.set(body, entityTag(body));
}

/** If-None-Match holds the tag (weak comparison, RFC 9110 §13.1.2) or `*`. */
export function noneMatch(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((candidate) => {
    const t = candidate.trim();
    return t === '*' || t === tag || t === `W/${tag}`;
  });
}

/**
 * ETag and 304 for the query routes' answers. The tag is the hash of the answer's bytes: an
 * answer names the position it is read at (asOfPosition), so the same question asked after
 * another event is a new answer with a new tag, and an as-of answer keeps its tag for ever. A
 * client that sends it back in If-None-Match gets 304 with no body. Answers are per caller
 * (Authorization), so caches may keep them only privately and must revalidate.
 */
export function useQueryEtags(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (
      request.method !== 'GET' ||
      reply.statusCode !== 200 ||
      typeof payload !== 'string' ||
      !isQueryRoute(request.routeOptions.url)
    ) {
      done(null, payload);
      return;
    }
    const tag = keptTags.get(payload) ?? entityTag(payload);
    reply.header('etag', tag).header('cache-control', 'private, no-cache');
    if (!noneMatch(request.headers['if-none-match'], tag)) {
      done(null, payload);
      return;
    }
    reply.code(304).removeHeader('content-type').removeHeader('content-length');
    done(null, '');
  });
}
