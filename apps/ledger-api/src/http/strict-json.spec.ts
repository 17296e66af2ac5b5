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
});
