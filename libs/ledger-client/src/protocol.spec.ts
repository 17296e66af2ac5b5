import { comparePositions } from './envelope';
import { isPosition } from './protocol';

describe('positions on the wire', () => {
  it('isPosition accepts canonical 64-bit decimals only', () => {
    for (const ok of ['0', '1', '42', '18446744073709551615']) expect(isPosition(ok)).toBe(true);
    for (const bad of [
      '',
      '01',
      '-1',
      '1.0',
      ' 1',
      '18446744073709551616',
      '99999999999999999999',
      '123456789012345678901',
      'abc',
    ])
      expect(isPosition(bad)).toBe(false);
  });

  it('comparePositions orders numerically, as BigInt would', () => {
    const samples = [
      '0',
      '9',
      '10',
      '99',
      '100',
      '18446744073709551615',
      '18446744073709551614',
      '9007199254740993',
    ];
    for (const a of samples) {
      for (const b of samples) {
        const expected = BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
        expect(comparePositions(a, b)).toBe(expected);
      }
    }
  });
});
