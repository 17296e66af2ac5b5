import fc from 'fast-check';
import { reportOf, visible, visibleJson, visibleLines } from './visible-text';

/** What a terminal acts on: C0 and C1 controls, DEL, format characters (bidi, zero-width), separators. */
const ACTIVE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;

describe('visible', () => {
  it.each([
    ['ESC (a CSI sequence)', 'a\u001b[2Kb', 'a\\x1B[2Kb'],
    ['CR', 'a\rb', 'a\\x0Db'],
    ['LF', 'a\nb', 'a\\x0Ab'],
    ['BEL', 'a\u0007', 'a\\x07'],
    ['NUL and DEL', '\u0000\u007f', '\\x00\\x7F'],
    ['C1 CSI', 'a\u009bb', 'a\\x9Bb'],
    ['a bidi override and isolate', '\u202Eabc\u2066', '\\u202Eabc\\u2066'],
    ['zero-width space and BOM', 'a\u200bb\ufeff', 'a\\u200Bb\\uFEFF'],
    ['line and paragraph separators', 'a\u2028b\u2029', 'a\\u2028b\\u2029'],
    ['a lone surrogate', 'a\ud800b', 'a\\uD800b'],
  ])('shows %s as an escape', (_name, text, shown) => {
    expect(visible(text)).toBe(shown);
  });

  it.each([
    ['Cyrillic', 'Міноборони України'],
    ['Arabic with a right-to-left mark kept out', 'وزارة الدفاع'],
    ['emoji and astral characters', 'ok 🇺🇦 𝔸'],
    ['tab-free punctuation', '1,245 (ua-coordination-hq) | 1,248 — “quoted”'],
  ])('leaves %s as it is', (_name, text) => {
    expect(visible(text)).toBe(text);
  });

  it('never lets a character a terminal acts on through, and changes nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const shown = visible(text);
        expect(shown).not.toMatch(ACTIVE);
        // Text a terminal prints as itself is left alone, and what is shown is shown as is.
        if (!ACTIVE.test(text)) expect(shown).toBe(text);
        expect(visible(shown)).toBe(shown);
      }),
    );
  });
});

describe('visibleLines and reportOf', () => {
  it('visibleLines keeps line feeds and escapes the rest', () => {
    expect(visibleLines('first\u001b[1A\nsecond\r')).toBe('first\\x1B[1A\nsecond\\x0D');
  });

  it('reportOf prints one line per entry: a line feed inside an entry cannot make another', () => {
    expect(reportOf(['one', 'two\n  #1  forged'])).toBe('one\ntwo\\x0A  #1  forged\n');
  });
});

describe('visibleJson', () => {
  it('escapes DEL, C1, format characters and separators, and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        const json = visibleJson(JSON.stringify({ value, text }));
        expect(json).not.toMatch(ACTIVE);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify({ value, text })));
      }),
    );
  });

  it('writes a character beyond U+FFFF as a surrogate pair', () => {
    const json = visibleJson(JSON.stringify('\u{E0001}'));
    expect(json).toBe('"\\uDB40\\uDC01"');
    expect(JSON.parse(json)).toBe('\u{E0001}');
  });
});
