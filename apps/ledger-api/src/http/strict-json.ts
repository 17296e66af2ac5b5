import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Deeper than any command body (they nest three or four levels); deeper is hostile or broken. */
export const MAX_JSON_DEPTH = 32;

/** An error Fastify answers with its status; the problem filter turns it into problem+json with `code`. */
class BodyError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/**
 * What is wrong with a parsed value's shape, if anything: nesting deeper than `max`, or keys that
 * would pollute prototypes when a value is later merged into an object (`__proto__`, and
 * `constructor` holding a `prototype`). Walked without recursion, so depth cannot overflow the stack.
 */
function shapeProblem(value: unknown, max: number): BodyError | undefined {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth > max) return new BodyError('json_too_deep', `The body nests deeper than ${max} levels.`);
    for (const [key, child] of Object.entries(current)) {
      const polluting =
        key === '__proto__' ||
        (key === 'constructor' && typeof child === 'object' && child !== null && 'prototype' in child);
      if (polluting) return new BodyError('forbidden_key', 'The body may not use __proto__ or constructor.prototype keys.');
      pending.push([child, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Parses a JSON body strictly: bytes that are not valid UTF-8 are refused (Fastify's own parser
 * would quietly turn them into U+FFFD and store the damage), so are `__proto__` and
 * `constructor.prototype` keys (prototype pollution) and nesting deeper than MAX_JSON_DEPTH.
 */
export function parseStrictJson(body: Buffer): unknown {
  if (body.length === 0) throw new BodyError('empty_body', 'The body is empty; send a JSON object.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new BodyError('invalid_utf8', 'The body is not valid UTF-8.');
  }
  let value: unknown;
  try {
    // JSON.parse makes `__proto__` an own property (no pollution yet); shapeProblem refuses it.
    value = JSON.parse(text);
  } catch {
    throw new BodyError('invalid_json', 'The body is not valid JSON.');
  }
  const problem = shapeProblem(value, MAX_JSON_DEPTH);
  if (problem) throw problem;
  return value;
}

/** Replaces Fastify's JSON parser with parseStrictJson; other media types stay refused (415). */
export function useStrictJsonParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (_request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => {
      try {
        done(null, parseStrictJson(body));
      } catch (error) {
        done(error as Error);
      }
    },
  );
}
