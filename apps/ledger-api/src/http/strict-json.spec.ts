import fc from 'fast-check';
import { MAX_JSON_DEPTH, parseStrictJson } from './strict-json';

const parse = (text: string | Buffer): unknown =>
  parseStrictJson(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);

describe('strict JSON bodies', () => {
  it('parses a body as JSON.parse would', () => {
    expect(parse('{"name":"Kyiv – «Україна»","n":[1,2,{"x":null}]}')).toEqual({
      name: 'Kyiv – «Україна»',
      n: [1, 2, { x: null }],
    });
  });

  it.each([
    ['an empty body', Buffer.alloc(0), 'empty_body'],
    [
      'bytes that are not UTF-8',
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
      'invalid_utf8',
    ],
    [
      'a lone surrogate encoded in UTF-8',
      Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]),
      'invalid_utf8',
    ],
    ['broken JSON', Buffer.from('{"a":'), 'invalid_json'],
    ['a __proto__ key', Buffer.from('{"a":{"__proto__":{"admin":true}}}'), 'forbidden_key'],
    [
      'a constructor.prototype key',
      Buffer.from('{"constructor":{"prototype":{"x":1}}}'),
      'forbidden_key',
    ],
    [
      'a nested key naming an inherited member',
      Buffer.from('{"status":"resolved","q":{"__defineGetter__":{}}}'),
      'forbidden_key',
    ],
    [
      'a prototype key (Nest would drop it silently)',
      Buffer.from('{"name":"x","prototype":[1]}'),
      'forbidden_key',
    ],
    [
      'a toString key (class-validator would take it for a declared field)',
      Buffer.from('{"toString":"x"}'),
      'forbidden_key',
    ],
    ['a key written with escapes', Buffer.from('{"__pro\\u0074o__":{}}'), 'forbidden_key'],
    ['a key with spaces before its colon', Buffer.from('[{"valueOf" \n\t :1}]'), 'forbidden_key'],
    [
      'nesting one level too deep',
      Buffer.from('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)),
      'json_too_deep',
    ],
    [
      'nesting 100,000 levels deep',
      Buffer.from('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)),
      'json_too_deep',
    ],
  ])('refuses %s with a 400 naming it', (_what, body, code) => {
    expect(() => parseStrictJson(body)).toThrow(expect.objectContaining({ statusCode: 400, code }));
  });

  it('allows nesting up to the limit, and keys that merely contain an inherited name', () => {
    expect(() => parse('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).not.toThrow();
    expect(parse('{"constructors":"x","my toString":1}')).toEqual({
      constructors: 'x',
      'my toString': 1,
    });
  });

  it('reads brackets, quotes and colons inside strings as text, not as structure', () => {
    const deepText = '['.repeat(MAX_JSON_DEPTH + 5);
    expect(parse(JSON.stringify({ a: deepText, b: 'x\\":"__proto__":', c: ['toString'] }))).toEqual(
      {
        a: deepText,
        b: 'x\\":"__proto__":',
        c: ['toString'],
      },
    );
  });

  it('agrees with a walk over the parsed value (the former check) on any JSON', () => {
    const names = fc.constantFrom(
      'a',
      'b c',
      '__proto__',
      'constructor',
      'valueOf',
      'prototype',
      'x"y',
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 2 }),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(names, tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 40 }), (value, wrap) => {
        const text = '['.repeat(wrap) + JSON.stringify(value) + ']'.repeat(wrap);
        const expected = walkProblems(JSON.parse(text));
        let actual: string | undefined;
        try {
          parse(text);
        } catch (error) {
          actual = (error as { code: string }).code;
        }
        // Both may be present: the scan reports the first in the text, the walk found them all.
        if (actual === undefined) expect(expected.size).toBe(0);
        else expect(expected.has(actual)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

/** The oracle: the former check, a walk over the parsed value; every kind of problem it finds. */
function walkProblems(value: unknown, depth = 1, found = new Set<string>()): Set<string> {
  if (typeof value !== 'object' || value === null) return found;
  if (depth > MAX_JSON_DEPTH) return found.add('json_too_deep');
  for (const [key, child] of Object.entries(value)) {
    if (key === 'prototype' || key in Object.prototype) found.add('forbidden_key');
    walkProblems(child, depth + 1, found);
  }
  return found;
}
