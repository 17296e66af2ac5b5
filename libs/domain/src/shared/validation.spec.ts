import { DomainError } from './errors';
import { requireName, requireText } from './validation';

const refusal = (check: () => unknown): string | undefined => {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

describe('ledger text: names and free text', () => {
  it.each([
    ['a NUL alone', '\u0000'],
    ['a zero-width space alone', '\u200B'],
    ['a word joiner and spaces', ' \u2060 '],
    ['a Hangul filler', '\u3164'],
    ['a byte-order mark', '\uFEFF'],
    ['a terminal escape', 'Reuters\u001b[2J'],
    ['a carriage return', 'TASS\rForged'],
    ['a bell', 'AFP\u0007'],
    ['a C1 control (CSI)', 'AP\u009b2J'],
    ['DEL', 'AP\u007f'],
    ['a right-to-left override', 'Wire \u202Egnp.exe'],
    ['a bidi isolate', 'Wire \u2067x\u2069'],
    ['a line separator', 'Two\u2028lines'],
    ['a line feed', 'Two\nlines'],
    ['a tab', 'Tab\there'],
    ['a lone surrogate', 'broken \uD800 text'],
  ])('refuses a name holding %s', (_what, name) => {
    expect(refusal(() => requireName('name', name))).toBe('invalid_text');
  });

  it.each([
    ['plain ASCII', 'Reuters'],
    ['Ukrainian', 'Координаційний штаб'],
    ['Arabic with a right-to-left mark', 'وكالة الأنباء\u200F'],
    ['a Persian zero-width non-joiner inside a word', 'می\u200Cخواهم'],
    ['an emoji sequence with a zero-width joiner', 'Desk 👩\u200D💻'],
  ])('accepts a name in %s', (_what, name) => {
    expect(requireName('name', name)).toBe(name);
  });

  it('keeps line feeds and tabs in free text, and refuses the rest as in names', () => {
    expect(requireText('reason', 'First line\n\tsecond line')).toBe('First line\n\tsecond line');
    for (const text of ['\u200B\n', 'ok\r\nok', 'ok\u001b[1A', 'ok\u202Eko', 'ok\u0085'])
      expect({ text, code: refusal(() => requireText('reason', text)) }).toEqual({
        text,
        code: 'invalid_text',
      });
  });
});
