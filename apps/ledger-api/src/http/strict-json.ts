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

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * What is wrong with a valid JSON text's shape, if anything: nesting deeper than `max`, or a
 * forbidden key. One pass over the characters (O(size): a few comparisons each, one slice per
 * key), rather than a walk over the parsed value that builds an entry list per object and visits
 * every element: a 254 KB flat array cost ~90 ms that way, ~5 ms now (JSON.parse itself ~4 ms).
 * `text` must already have parsed, so its strings and brackets are well formed.
 */
function shapeProblem(text: string, max: number): BodyError | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      depth += 1;
      if (depth > max)
        return new BodyError('json_too_deep', `The body nests deeper than ${max} levels.`);
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth -= 1;
    } else if (code === QUOTE) {
      const start = i;
      let escaped = false;
      for (i += 1; text.charCodeAt(i) !== QUOTE; i++) {
        if (text.charCodeAt(i) === BACKSLASH) {
          escaped = true;
          i += 1;
        }
      }
      const problem = keyProblem(text, start, i, escaped);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** If the string from quote `start` to quote `end` is a key (a colon follows), what is wrong with it. */
function keyProblem(
  text: string,
  start: number,
  end: number,
  escaped: boolean,
): BodyError | undefined {
  let next = end + 1;
  while (isJsonSpace(text.charCodeAt(next))) next++;
  if (text.charCodeAt(next) !== COLON) return undefined;
  // Escapes (`"__pro\u0074o__"`) are decoded by JSON itself, so none hides a name.
  const key = escaped
    ? (JSON.parse(text.slice(start, end + 1)) as string)
    : text.slice(start + 1, end);
  if (!isForbiddenKey(key)) return undefined;
  return new BodyError(
    'forbidden_key',
    `The body may not use the key ${JSON.stringify(key)} (it names a prototype or what every object inherits).`,
  );
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
  const problem = shapeProblem(text, MAX_JSON_DEPTH);
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
