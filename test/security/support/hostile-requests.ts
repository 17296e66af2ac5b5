import fc from 'fast-check';
import {
  OFFER_ANSWERS,
  PERSON_DISPUTE_STATUSES,
  PRECISIONS,
  RECIPROCITIES,
  SOURCE_KINDS,
  TERM_KINDS,
} from '@ledger/domain';
import type { RawRequest } from './raw-http';

/**
 * Hostile requests to the command routes: each takes a valid command (a base, accepted as is
 * after the seed scenario) and breaks it in exactly one way that must make the ledger refuse it:
 * wrong types, numbers out of range, unknown and prototype-polluting keys, deep nesting, strings
 * over their limits, values outside their enums, impossible or future dates, broken JSON, bytes
 * that are not UTF-8, bodies that are not objects, other media types, bad path ids, missing
 * fields, missing or wrong keys, oversized bodies.
 */
export interface Base {
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>>;
  /** Top-level fields without which the command is malformed. */
  readonly required: readonly string[];
  /** Path segments that are ids, which a mutation may spoil. */
  readonly ids: readonly string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ENUM_FIELDS = new Set([
  'kind',
  'precision',
  'independence',
  'answer',
  'status',
  'basis',
  'reciprocity',
]);
const ENUM_VALUES = new Set<string>([
  ...SOURCE_KINDS,
  ...PRECISIONS,
  ...OFFER_ANSWERS,
  ...PERSON_DISPUTE_STATUSES,
  ...TERM_KINDS,
  ...RECIPROCITIES,
  'phase',
  'cumulative',
  'independent',
  'relay',
  'total',
  'per_party',
]);
/** Numbers no count accepts: beyond 2^53, fractions, negatives, overflow to Infinity. */
export const BAD_NUMBERS = [
  '9007199254740992',
  '9007199254740993',
  '18446744073709551616',
  '1e308',
  '1e400',
  '-1',
  '-0.5',
  '1.5',
  '1e-7',
  '-9007199254740993',
  '123456789012345678901234567890',
];
export const BAD_INSTANTS = [
  '2025-02-30T10:00:00Z',
  '2025-06-17T25:00:00Z',
  'yesterday',
  '17/06/2025 14:00',
  '2025-06-17 14:00:00Z',
  '',
  '2025-06-17T14:00:00+25:00',
  '2025-13-01T00:00:00Z',
  'T14:00:00Z',
  '0000-00-00T00:00:00Z',
];
const BAD_DAYS = [
  '2025-02-30',
  '2025-13-01',
  '25-06-02',
  '2025-6-2',
  '',
  'June 2nd',
  '2025-06-02T00:00:00Z',
  '20250602',
];
export const BAD_IDS = [
  'ISTANBUL-2025',
  '-leading-dash',
  'a'.repeat(81),
  'sp%20ace',
  '%00',
  '%C3%BC',
  '..',
  '%2e%2e',
  'a%2Fb',
  '%E2%82',
  'semi%3Bcolon',
  '%F0%9F%92%A3',
];
const OTHER_MEDIA_TYPES = [
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/xml',
  'application/octet-stream',
  'image/png',
  'application/jsonp',
];
const INVALID_UTF8 = [
  [0xff],
  [0xc3, 0x28],
  [0xe2, 0x82, 0x41],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
  [0xc0, 0xaf],
  [0xf4, 0x90, 0x80, 0x80],
];
const POLLUTING_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'then',
  'actor',
  'metadata',
];
const NUMBER_MARK = '\u0000number\u0000';

const clone = (value: unknown): Record<string, unknown> =>
  JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

/**
 * Sets `path` (`a` or `a.b`; or the keys themselves, which may hold dots) to `value` as an own,
 * enumerable property, even for `__proto__`.
 */
function setAt(
  body: Readonly<Record<string, unknown>>,
  path: string | readonly string[],
  value: unknown,
): Record<string, unknown> {
  const copy = clone(body);
  const keys = typeof path === 'string' ? path.split('.') : [...path];
  const last = keys.pop() as string;
  const target = keys.reduce<Record<string, unknown>>(
    (object, key) => object[key] as Record<string, unknown>,
    copy,
  );
  Object.defineProperty(target, last, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

function fieldPaths(body: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(body).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? [key, ...Object.keys(value).map((inner) => `${key}.${inner}`)]
      : [key],
  );
}

function valueAt(body: Readonly<Record<string, unknown>>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], body);
}

function jsonType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

export interface Keys {
  readonly recorder: string;
  readonly wrongRoles: readonly string[];
}

/** Authorization headers the command routes refuse: none, malformed, unknown, or a key without the recorder role. */
function refusedAuthorizations(keys: Keys): { label: string; authorization?: string }[] {
  return [
    { label: 'no valid key' },
    ...[
      'Bearer',
      `Bearer ${keys.recorder}x`,
      `Basic ${keys.recorder}`,
      keys.recorder,
      `Bearer ldg_0000000000000000_${'A'.repeat(43)}`,
    ].map((authorization) => ({ label: 'no valid key', authorization })),
    ...keys.wrongRoles.map((token) => ({ label: 'wrong role', authorization: `Bearer ${token}` })),
  ];
}

function request(
  base: Base,
  label: string,
  body: Buffer | undefined,
  headers: Record<string, string>,
  path = base.path,
): RawRequest {
  return { method: 'POST', path, headers, label, ...(body === undefined ? {} : { body }) };
}

export function hostileRequests(bases: readonly Base[], keys: Keys): fc.Arbitrary<RawRequest> {
  return fc.constantFrom(...bases).chain((base) => {
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${keys.recorder}`,
    };
    const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');
    const sent = (label: string, body: unknown): RawRequest =>
      request(base, label, json(body), headers);
    const fields = fieldPaths(base.body);
    const strings = fields.filter((p) => typeof valueAt(base.body, p) === 'string');
    const enums = fields.filter((p) => ENUM_FIELDS.has(p.split('.').pop() as string));
    const objects = fields.filter((p) => jsonType(valueAt(base.body, p)) === 'object');
    const text = JSON.stringify(base.body);
    const mutations: fc.WeightedArbitrary<RawRequest>[] = [
      {
        weight: 10,
        arbitrary: fc.constantFrom(...fields).chain((p) =>
          fc
            .jsonValue({ maxDepth: 2 })
            .filter((v) => jsonType(v) !== jsonType(valueAt(base.body, p)))
            .map((v) => sent('wrong type', setAt(base.body, p, v))),
        ),
      },
      {
        weight: 8,
        arbitrary: fc
          .tuple(fc.constantFrom(...fields), fc.constantFrom(...BAD_NUMBERS))
          .map(([p, n]) =>
            request(
              base,
              'bad number',
              Buffer.from(
                JSON.stringify(setAt(base.body, p, NUMBER_MARK)).replace(
                  JSON.stringify(NUMBER_MARK),
                  n,
                ),
              ),
              headers,
            ),
          ),
      },
      {
        weight: 10,
        arbitrary: fc
          .tuple(
            fc.constantFrom('', ...objects),
            fc.oneof(
              fc.constantFrom(...POLLUTING_KEYS),
              fc.string({ minLength: 1, maxLength: 12 }).map((s) => `x-${s}`),
            ),
            fc.jsonValue({ maxDepth: 3 }),
          )
          .map(([at, key, value]) =>
            sent(
              POLLUTING_KEYS.includes(key) ? `key ${key}` : 'unknown field',
              setAt(
                base.body,
                at === '' ? [key] : [...at.split('.'), key],
                key === 'constructor' && value === null ? { prototype: { polluted: true } } : value,
              ),
            ),
          ),
      },
      {
        weight: 6,
        arbitrary: fc
          .tuple(
            fc.integer({ min: 2, max: 2000 }),
            fc.boolean(),
            fc.constantFrom('x-deep', ...objects),
          )
          .map(([depth, arrays, at]) => {
            const deep = arrays
              ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
              : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
            const marked = JSON.stringify(setAt(base.body, at, NUMBER_MARK)).replace(
              JSON.stringify(NUMBER_MARK),
              deep,
            );
            return request(
              base,
              depth > 32 ? 'nesting > 32' : 'nesting <= 32',
              Buffer.from(marked),
              headers,
            );
          }),
      },
      {
        weight: 6,
        arbitrary: fc
          .tuple(fc.constantFrom(...strings), fc.integer({ min: 10_001, max: 11_000 }))
          .map(([p, n]) => sent('string too long', setAt(base.body, p, 'ü'.repeat(n)))),
      },
      ...(enums.length > 0
        ? [
            {
              weight: 6,
              arbitrary: fc
                .tuple(
                  fc.constantFrom(...enums),
                  fc.string({ maxLength: 20 }).filter((s) => !ENUM_VALUES.has(s)),
                )
                .map(([p, v]) => sent('not in enum', setAt(base.body, p, v))),
            },
          ]
        : []),
      {
        weight: 6,
        arbitrary: fc.oneof(
          fc
            .constantFrom(...BAD_INSTANTS)
            .map((v) => sent('bad instant', setAt(base.body, 'statedAt', v))),
          fc
            .integer({ min: 10 * 60_000, max: 100 * 365 * 86_400_000 })
            .map((ms) =>
              sent(
                'statement in future',
                setAt(base.body, 'statedAt', new Date(Date.now() + ms).toISOString()),
              ),
            ),
          ...('signedOn' in base.body
            ? [
                fc
                  .constantFrom(...BAD_DAYS)
                  .map((v) => sent('bad day', setAt(base.body, 'signedOn', v))),
              ]
            : []),
        ),
      },
      {
        weight: 8,
        arbitrary: fc
          .oneof(
            fc.integer({ min: 1, max: text.length - 1 }).map((i) => text.slice(0, i)),
            fc
              .constantFrom('x', '}', '{', '\u0000', ',', ']', '"', 'null')
              .map((junk) => `${text}${junk}`),
            fc.constant(text.replace(/"/g, "'")),
            fc.constant(`{"x-nan": NaN, ${text.slice(1)}`),
            fc.constant(`/* comment */${text}`),
            fc.constant(`${text.slice(0, -1)},}`),
            fc.constant(text.replace(/"([A-Za-z]+)":/, '$1:')),
          )
          .map((broken) => request(base, 'invalid JSON', Buffer.from(broken, 'utf8'), headers)),
      },
      {
        weight: 8,
        arbitrary: fc
          .tuple(fc.integer({ min: 0, max: text.length }), fc.constantFrom(...INVALID_UTF8))
          .map(([i, bytes]) => {
            const bytesOf = Buffer.from(text, 'utf8');
            const at = Buffer.byteLength(text.slice(0, i), 'utf8');
            return request(
              base,
              'invalid UTF-8',
              Buffer.concat([bytesOf.subarray(0, at), Buffer.from(bytes), bytesOf.subarray(at)]),
              headers,
            );
          }),
      },
      {
        weight: 4,
        arbitrary: fc
          .oneof(
            fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
            fc.string(),
            fc.integer(),
            fc.constant(null),
            fc.boolean(),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
          )
          .map((v) => sent('not an object', v as Json)),
      },
      {
        weight: 4,
        arbitrary: fc
          .option(fc.constantFrom(...OTHER_MEDIA_TYPES), { nil: undefined })
          .map((type) =>
            request(base, 'media type', json(base.body), {
              authorization: headers.authorization,
              ...(type ? { 'content-type': type } : {}),
            }),
          ),
      },
      ...(base.ids.length > 0
        ? [
            {
              weight: 4,
              arbitrary: fc
                .tuple(fc.constantFrom(...base.ids), fc.constantFrom(...BAD_IDS))
                .map(([id, bad]) =>
                  request(
                    base,
                    'bad path id',
                    json(base.body),
                    headers,
                    base.path.replace(`/${id}`, `/${bad}`),
                  ),
                ),
            },
          ]
        : []),
      ...(base.required.length > 0
        ? [
            {
              weight: 4,
              arbitrary: fc
                .constantFrom(...base.required)
                .map((field) =>
                  sent(
                    'missing field',
                    Object.fromEntries(Object.entries(base.body).filter(([k]) => k !== field)),
                  ),
                ),
            },
          ]
        : []),
      {
        weight: 6,
        arbitrary: fc.constantFrom(...refusedAuthorizations(keys)).map(({ label, authorization }) =>
          request(base, label, json(base.body), {
            'content-type': 'application/json',
            ...(authorization ? { authorization } : {}),
          }),
        ),
      },
      {
        weight: 1,
        arbitrary: fc
          .integer({ min: 257 * 1024, max: 260 * 1024 })
          .map((n) => sent('body too large', setAt(base.body, 'x-pad', 'x'.repeat(n)))),
      },
    ];
    return fc.oneof(...mutations);
  });
}
