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
 * Keys naming what every object inherits (`__proto__`, `constructor`, `toString`,
 * `__defineGetter__`…), and `prototype`. `__proto__`, `constructor` and `prototype` pollute
 * prototypes when a value is merged into an object, and Nest's ValidationPipe silently deletes
 * them rather than refusing them; the inherited names slip past class-validator's unknown-field
 * check, which looks fields up in a plain object and so finds them all "declared". No command
 * field has such a name, so a body using one is refused whole.
 */
function isForbiddenKey(key: string): boolean {
  return key === 'prototype' || key in Object.prototype;
}

/**
 * What is wrong with a parsed value's shape, if anything: nesting deeper than `max`, or a
 * forbidden key. Walked without recursion, so depth cannot overflow the stack.
 */
function shapeProblem(value: unknown, max: number): BodyError | undefined {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth > max)
      return new BodyError('json_too_deep', `The body nests deeper than ${max} levels.`);
    for (const [key, child] of Object.entries(current)) {
      if (isForbiddenKey(key))
        return new BodyError(
          'forbidden_key',
          `The body may not use the key ${JSON.stringify(key)} (it names a prototype or what every object inherits).`,
        );
      pending.push([child, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Parses a JSON body strictly: bytes that are not valid UTF-8 are refused (Fastify's own parser
 * would quietly turn them into U+FFFD and store the damage), so are keys naming prototypes or
 * inherited members (`__proto__`, `prototype`, `constructor`, `toString`…) and nesting deeper
 * than MAX_JSON_DEPTH.
 */
export function parseStrictJson(body: Buffer): unknown {
  if (body.length === 0)
    throw new BodyError('empty_body', 'The body is empty; send a JSON object.');
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
    (
      _request: FastifyRequest,
      body: Buffer,
      done: (error: Error | null, value?: unknown) => void,
    ) => {
      try {
        done(null, parseStrictJson(body));
      } catch (error) {
        done(error as Error);
      }
    },
  );
}
