import fc from 'fast-check';
import { BAD_IDS, BAD_INSTANTS, BAD_NUMBERS } from './hostile-requests';
import type { RawRequest } from './raw-http';

/**
 * Hostile query strings for every GET route the OpenAPI document lists: each request takes a
 * route with valid path ids and breaks its query string (or a path id) in one way. Values a
 * parameter can never take (a position that is not a 63-bit integer, a page size out of range,
 * a time that is not an instant, a forged cursor) must answer 400; anything else may be a valid
 * question, but nothing may answer 5xx.
 */
export interface GetRoute {
  /** The path with its ids filled in, e.g. /agreements/istanbul-2025/totals. */
  readonly path: string;
  /** The query parameters the route documents. */
  readonly query: readonly string[];
  /** Path ids a mutation may spoil. */
  readonly ids: readonly string[];
}

export interface HostileQuery extends RawRequest {
  /** True when the ledger must answer exactly 400 (a value no such parameter takes). */
  readonly mustRefuse: boolean;
}

interface OpenApiParameter {
  readonly name: string;
  readonly in: string;
}
interface OpenApiDocument {
  readonly paths: Record<string, { get?: { parameters?: OpenApiParameter[] } }>;
}

/** Query parameters that routes read without the OpenAPI document naming them (SSE resumption). */
const UNDOCUMENTED_QUERY: Readonly<Record<string, readonly string[]>> = {
  '/subscriptions/all': ['from', 'types', 'categories'],
  '/subscriptions/streams/{stream}': ['from', 'types'],
  '/subscriptions/categories/{category}': ['from', 'types'],
};

/** The GET routes of the document, their ids filled from `ids` (an unknown id: 'probe'). */
export function getRoutes(doc: OpenApiDocument, ids: Readonly<Record<string, string>>): GetRoute[] {
  return Object.entries(doc.paths).flatMap(([template, item]) => {
    if (item.get === undefined) return [];
    const parameters = item.get.parameters ?? [];
    const pathIds: string[] = [];
    const path = template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      const id = ids[name] ?? 'probe';
      pathIds.push(id);
      return encodeURIComponent(id);
    });
    const documented = parameters.filter((p) => p.in === 'query').map((p) => p.name);
    const query = [...new Set([...documented, ...(UNDOCUMENTED_QUERY[template] ?? [])])];
    return [{ path, query, ids: pathIds }];
  });
}

const POSITION_PARAMS = new Set(['asOfPosition', 'minPosition']);
const INSTANT_PARAMS = new Set(['asOf', 'claimedBefore', 'occurredBefore']);

/** Never a global position: not a decimal integer, or beyond what a 63-bit position holds. */
export const BAD_POSITIONS = [
  ...BAD_NUMBERS,
  '',
  ' 1',
  '1 ',
  '+1',
  '0x1f',
  '1e3',
  'NaN',
  'Infinity',
  'true',
  'null',
  '[]',
  '9223372036854775808',
  '18446744073709551615',
  '9'.repeat(19),
  '9'.repeat(40),
];
/** Never a page size (1-200 as plain decimal digits). */
const BAD_LIMITS = [...BAD_POSITIONS, '0', '201', '1e1', '0x10', '+5', '5.0', '00000000005000'];

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
/** Cursors the API never issues: not base64url, not JSON, the wrong shape, or positions no one can hold. */
export const FORGED_CURSORS = [
  '!!',
  'a b',
  '%00',
  '%E2%80%AE',
  b64('not json'),
  b64('{}'),
  b64('[]'),
  b64('["1"]'),
  b64('[1,"1"]'),
  b64('["1",1]'),
  b64('["1","x","y"]'),
  b64('["-1","1"]'),
  b64('["1.5","1"]'),
  b64('["9223372036854775808","1"]'),
  b64('["99999999999999999999","1"]'),
  b64('{"__proto__":{"at":"1"}}'),
  'A'.repeat(1001),
];
/**
 * Well-formed cursors whose sort key is not one the listing holds: a non-integer where positions
 * are sorted (the 500 of issue 14), negative, beyond 63 bits; 400 or an answer, never 5xx.
 */
const ODD_SORT_KEYS = ['abc', '1.5', '-1', '1e3', '9223372036854775808', '', ' ', 'x'.repeat(300)];

/** Anything a client might send as a value. */
const ODD_VALUES = [
  ...BAD_LIMITS,
  ...BAD_INSTANTS,
  '%00',
  '%1B%5B2J',
  '%07',
  '%0D%0A',
  '%E2%80%AE',
  '%E2%80%8B',
  '%FF',
  '%C3%28',
  '%',
  '%%',
  '%F0%9F%92%A3',
  "'%20OR%201=1--",
  '__proto__',
  'a'.repeat(5000),
];

const encode = (value: string): string =>
  // Values holding a percent escape are sent as written (some are invalid UTF-8 on purpose).
  /%[0-9A-Fa-f]{2}|%$|%%/.test(value) ? value : encodeURIComponent(value);

function isStrict(name: string, value: string): boolean {
  if (POSITION_PARAMS.has(name)) return BAD_POSITIONS.includes(value);
  if (name === 'limit') return BAD_LIMITS.includes(value);
  if (INSTANT_PARAMS.has(name)) return BAD_INSTANTS.includes(value);
  return name === 'cursor' && FORGED_CURSORS.includes(value);
}

/** A valid value for a parameter, so a mutation is the only thing wrong with a request. */
function validValue(name: string, head: bigint): fc.Arbitrary<string> {
  if (POSITION_PARAMS.has(name) || name === 'from')
    return fc.bigInt(0n, head).map((p) => p.toString());
  if (INSTANT_PARAMS.has(name)) return fc.constantFrom('2025-06-18T09:00:00Z', '2030-01-01T00:00Z');
  if (name === 'limit') return fc.integer({ min: 1, max: 200 }).map(String);
  return fc.constantFrom('istanbul-2025', 'ewn', 'ukraine', 'live', 'open');
}

export interface QueryKeys {
  /** A key every GET route admits (admin). */
  readonly reader: string;
}

export function hostileQueries(
  routes: readonly GetRoute[],
  keys: QueryKeys,
  head: bigint,
): fc.Arbitrary<HostileQuery> {
  const headers = { authorization: `Bearer ${keys.reader}` };
  const get = (path: string, label: string, mustRefuse: boolean): HostileQuery => ({
    method: 'GET',
    path,
    headers,
    label,
    mustRefuse,
  });
  return fc.constantFrom(...routes).chain((route) => {
    const withQuery = (query: string, label: string, mustRefuse = false): HostileQuery =>
      get(`${route.path}?${query}`, label, mustRefuse);
    const params = route.query.length > 0 ? route.query : ['limit'];
    const oneBad = (label: string, values: readonly string[]) =>
      fc
        .tuple(fc.constantFrom(...params), fc.constantFrom(...values))
        .map(([name, value]) =>
          withQuery(
            `${name}=${encode(value)}`,
            label,
            route.query.includes(name) && isStrict(name, value),
          ),
        );
    const mutations: fc.WeightedArbitrary<HostileQuery>[] = [
      { weight: 10, arbitrary: oneBad('odd value', ODD_VALUES) },
      { weight: 6, arbitrary: oneBad('bad position', BAD_POSITIONS) },
      { weight: 6, arbitrary: oneBad('bad instant', BAD_INSTANTS) },
      {
        weight: 8,
        arbitrary: fc
          .constantFrom(...FORGED_CURSORS)
          .map((c) =>
            withQuery(`cursor=${encode(c)}`, 'forged cursor', route.query.includes('cursor')),
          ),
      },
      {
        weight: 8,
        arbitrary: fc
          .tuple(fc.bigInt(0n, head), fc.constantFrom(...ODD_SORT_KEYS))
          .map(([at, after]) =>
            withQuery(`cursor=${b64(JSON.stringify([at.toString(), after]))}`, 'odd sort key'),
          ),
      },
      {
        weight: 6,
        arbitrary: fc
          .tuple(fc.constantFrom(...params), validValue('limit', head), fc.string({ maxLength: 8 }))
          .map(([name, value, other]) =>
            withQuery(
              `${name}=${value}&${name}=${encodeURIComponent(other)}`,
              'repeated parameter',
            ),
          ),
      },
      {
        weight: 4,
        arbitrary: fc
          .tuple(
            fc.constantFrom(...params, '__proto__', 'constructor', 'unknown'),
            fc.constantFrom('[]', '[a]', '[__proto__]', '.x'),
          )
          .map(([name, suffix]) => withQuery(`${encode(name + suffix)}=1`, 'bracketed parameter')),
      },
      {
        weight: 4,
        arbitrary: fc
          .array(fc.constantFrom(...params, 'foo', 'asof', 'LIMIT'), {
            minLength: 2,
            maxLength: 300,
          })
          .map((names) => withQuery(names.map((n, i) => `${n}=${i}`).join('&'), 'many parameters')),
      },
      {
        weight: 6,
        arbitrary: fc
          .array(
            fc.tuple(
              fc.constantFrom(...params),
              fc.constantFrom(...params).chain((n) => validValue(n, head)),
            ),
            { minLength: 1, maxLength: 4 },
          )
          .map((pairs) =>
            withQuery(pairs.map(([n, v]) => `${n}=${encode(v)}`).join('&'), 'mixed values'),
          ),
      },
      {
        weight: 4,
        arbitrary: fc
          .string({ unit: 'binary', maxLength: 60 })
          .map((text) => withQuery(encodeURIComponent(text), 'random query string')),
      },
    ];
    if (route.ids.length > 0)
      mutations.push({
        weight: 4,
        arbitrary: fc
          .tuple(fc.constantFrom(...route.ids), fc.constantFrom(...BAD_IDS))
          .map(([id, bad]) =>
            get(route.path.replace(encodeURIComponent(id), bad), 'bad path id', false),
          ),
      });
    return fc.oneof(...mutations);
  });
}
