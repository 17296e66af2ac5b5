import { canonicalJson } from './canonical-json';
import { CanonicalJsonError } from './errors';

function fromIeee754(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

function sparseArray(): number[] {
  const list: number[] = [];
  list[0] = 1;
  list[2] = 3;
  return list;
}

describe('canonicalJson (RFC 8785)', () => {
  it('canonicalises the example of RFC 8785 §3.2.2', () => {
    // The input text of the RFC, parsed as JSON, so escapes and number spellings are the RFC's own.
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts member names by UTF-16 code units as in RFC 8785 §3.2.3', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",' +
        ' "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",' +
        ' "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('serialises every finite number of RFC 8785 Appendix B as the RFC prints it', () => {
    const vectors: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, text] of vectors) {
      expect([bits, canonicalJson(fromIeee754(bits))]).toEqual([bits, text]);
    }
  });

  it('rejects the non-finite numbers of Appendix B', () => {
    for (const bits of ['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000']) {
      expect(() => canonicalJson({ n: fromIeee754(bits) })).toThrow(CanonicalJsonError);
    }
  });

  it('writes no whitespace and keeps array order', () => {
    expect(canonicalJson({ b: [3, 1, 2], a: { d: 'x', c: null } })).toBe(
      '{"a":{"c":null,"d":"x"},"b":[3,1,2]}',
    );
  });

  it('gives the same text whatever the member order', () => {
    expect(canonicalJson({ x: 1, y: { p: true, q: false } })).toBe(
      canonicalJson({ y: { q: false, p: true }, x: 1 }),
    );
  });

  it('escapes control characters in lower-case hex and leaves other characters as they are', () => {
    expect(canonicalJson('\u0001\u001f\b\t\n\f\r"\\/é€😀\u007f')).toBe(
      '"\\u0001\\u001f\\b\\t\\n\\f\\r\\"\\\\/é€😀\u007f"',
    );
  });

  it.each([
    ['undefined', { a: undefined }, '$.a'],
    ['a bigint', { a: 1n }, '$.a'],
    ['a function', [() => 1], '$[0]'],
    ['a symbol', { s: Symbol('x') }, '$.s'],
    ['a Date', { when: new Date(0) }, '$.when'],
    ['a Map', new Map(), '$'],
    ['a lone high surrogate', { t: 'a\ud800b' }, '$.t'],
    ['a lone low surrogate in a name', { ['\udc00']: 1 }, '$.\udc00'],
    ['a sparse array', { list: sparseArray() }, '$.list[1]'],
  ])('rejects %s with a typed error naming where', (_what, value, path) => {
    let caught: unknown;
    try {
      canonicalJson(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CanonicalJsonError);
    expect((caught as CanonicalJsonError).path).toBe(path);
  });

  it('rejects a cycle and excessive nesting instead of overflowing the stack', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/refers to itself/);
    let deep: unknown = 0;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(/nesting deeper/);
  });

  it('accepts an object without a prototype and a repeated (non-cyclic) reference', () => {
    const bare = Object.create(null) as Record<string, number>;
    bare.b = 2;
    bare.a = 1;
    const shared = { k: 1 };
    expect(canonicalJson({ bare, list: [shared, shared] })).toBe(
      '{"bare":{"a":1,"b":2},"list":[{"k":1},{"k":1}]}',
    );
  });
});
